package dev.correlate.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCursorTest {
  private static final String OBJECT =
      "{ \"a\" : \"x\\\"}]\" , \"b\":{\"c\":[1,{\"d\":\"]\"}],\"e\":null},\"f\":-1.5e3,"
          + "\"g\":[ ],\"h\":true,\"\\u0069\":\"é✓\"}";

  @Test
  void skipValue_stepsOverEachValueWhole_whateverItsStringsHold() {
    byte[] bytes = bytes(OBJECT);
    JsonCursor in = new JsonCursor(bytes, 0, bytes.length);
    List<String> values = new ArrayList<>();

    in.expect('{');
    while (in.nextName()) {
      int from = in.skipValue();
      values.add(new String(bytes, from, in.position() - from, StandardCharsets.UTF_8));
    }

    assertThat(values)
        .containsExactly(
            "\"x\\\"}]\"",
            "{\"c\":[1,{\"d\":\"]\"}],\"e\":null}",
            "-1.5e3",
            "[ ]",
            "true",
            "\"é✓\"");
    assertThat(in.position()).isEqualTo(bytes.length);
  }

  @Test
  void stringEnd_isTheFirstQuoteNotEscaped_wherever8ByteBoundariesFall() {
    for (String text :
        List.of(
            "",
            "a",
            "abcdefg",
            "abcdefgh",
            "abcdefghijklmnopq",
            "\\\"",
            "abcdefg\\\"xyz",
            "abcdef\\\\",
            "abcdefg\\\\\\\"ab",
            "é✓😀 and \\u0022 and \\\\ then \\\" and more text past sixteen bytes")) {
      for (int pad = 0; pad < 9; pad++) {
        String json = " ".repeat(pad) + "\"" + text + "\",1";
        byte[] bytes = bytes(json);
        JsonCursor in = new JsonCursor(bytes, 0, bytes.length);

        int from = in.skipValue();

        assertThat(new String(bytes, from, in.position() - from, StandardCharsets.UTF_8))
            .as("%s after %d spaces", text, pad)
            .isEqualTo("\"" + text + "\"");
      }
    }
  }

  @Test
  void skipTo_theEndOfAValueReadElsewhere_continuesAfterIt_andRefusesAnOffsetBehindOrBeyond() {
    byte[] bytes = bytes(OBJECT);
    JsonCursor in = new JsonCursor(bytes, 0, bytes.length);
    in.expect('{');
    in.nextName();
    in.skipValue();
    in.nextName(); // "b": its object read by another cursor
    JsonCursor other = new JsonCursor(bytes, in.position(), bytes.length);
    other.skipValue();

    assertThatThrownBy(() -> in.skipTo(in.position() - 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> in.skipTo(bytes.length + 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    in.skipTo(other.position());
    assertThat(in.nextName()).isTrue();
    assertThat(in.nameIs(bytes("f"))).isTrue();
  }

  @Test
  void nameIs_comparesTheNameAsWritten() {
    byte[] bytes = bytes(OBJECT);
    JsonCursor in = new JsonCursor(bytes, 0, bytes.length);
    List<String> names = new ArrayList<>();

    in.expect('{');
    while (in.nextName()) {
      names.add(
          new String(bytes, in.nameFrom(), in.nameTo() - in.nameFrom(), StandardCharsets.UTF_8));
      assertThat(in.nameIs(bytes("a"))).isEqualTo(names.size() == 1);
      in.skipValue();
    }

    assertThat(names).containsExactly("a", "b", "f", "g", "h", "\\u0069");
  }

  @Test
  void nextElement_walksAnArray_andNullValueStepsOverNullsOnly() {
    byte[] bytes = bytes("[null, \"n\" ,\"null\"]");
    JsonCursor in = new JsonCursor(bytes, 0, bytes.length);
    List<Boolean> nulls = new ArrayList<>();

    in.expect('[');
    while (in.nextElement()) {
      boolean isNull = in.nullValue();
      nulls.add(isNull);
      if (!isNull) {
        in.skipValue();
      }
    }

    assertThat(nulls).containsExactly(true, false, false);
  }

  @Test
  void aCursorOnARange_readsNothingBeyondIt() {
    byte[] bytes = bytes("[{\"a\":\"1\"},{\"b\":\"2\"}]");
    JsonCursor in = new JsonCursor(bytes, 11, 20);

    in.expect('{');
    assertThat(in.nextName()).isTrue();
    assertThat(in.nameIs(bytes("b"))).isTrue();
    in.skipValue();
    assertThat(in.nextName()).isFalse();
    assertThat(in.position()).isEqualTo(20);
  }

  @Test
  void inputThatIsNotJson_isRefused_neverReadPastItsEnd() {
    for (String cut : List.of("{\"a\":\"x", "{\"a\":[1,{", "{\"a\"", "[1,", "{\"a\":}")) {
      byte[] bytes = bytes(cut);
      JsonCursor in = new JsonCursor(bytes, 0, bytes.length);
      assertThatThrownBy(
              () -> {
                in.expect(bytes[0] == '{' ? '{' : '[');
                while (bytes[0] == '{' ? in.nextName() : in.nextElement()) {
                  in.skipValue();
                }
              })
          .as(cut)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("not JSON at offset");
    }
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
