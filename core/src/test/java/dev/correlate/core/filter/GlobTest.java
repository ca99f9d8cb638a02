package dev.correlate.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

  @ParameterizedTest(name = "{0} matches ''{1}'': {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "5*     | 503          | true",
        "5*     | 403          | false",
        "*03    | 503          | true",
        "*03    | 5030         | false",
        "a*b*c  | abc          | true",
        "a*b*c  | axxbyyc      | true",
        "a*b*c  | acb          | false",
        "a*a    | a            | false",
        "a*a    | aa           | true",
        "*      | ''           | true",
        "**     | x            | true",
        "*ab*ab | abab         | true",
        "*ab*ab | aab          | false",
        "x*?    | xy?          | true",
        "x*?    | xy           | false",
        "exact  | exact        | true",
        "exact  | exactly      | false",
      })
  void matches_starIsAnyRunAndEverythingElseItself(String glob, String text, boolean expected) {
    assertThat(Glob.matches(text, glob)).isEqualTo(expected);
  }

  @Test
  void contains_findsAPieceWhoseBeginningRepeats() {
    assertThat(Glob.contains("aabaabaaab", "aabaaab")).isTrue();
    assertThat(Glob.contains("aabaabaab", "aabaaab")).isFalse();
    assertThat(Glob.contains("anything", "")).isTrue();
  }

  /**
   * The reading of the text is counted: linear means each character is read a bounded number of
   * times.
   */
  @Test
  void matches_readsEachCharacterOfAHostileTextOnce() {
    String line = "e".repeat(100_000);
    Counting text = new Counting(line);

    assertThat(Glob.matches(text, "*e".repeat(FilterPatterns.MAX_WILDCARDS - 1) + "*Z*")).isFalse();
    assertThat(text.reads).isLessThanOrEqualTo(2L * line.length());

    Counting again = new Counting("a".repeat(100_000));
    assertThat(Glob.contains(again, "a".repeat(1_000) + "b")).isFalse();
    assertThat(again.reads).isLessThanOrEqualTo(100_000L);
  }

  private static final class Counting implements CharSequence {
    private final String text;
    private long reads;

    Counting(String text) {
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      throw new UnsupportedOperationException("the matcher reads characters one by one");
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
