package dev.correlate.storage.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.filter.FilterPatterns;
import dev.correlate.core.json.Json;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch._types.query_dsl.Query;

class PatternQueriesTest {

  @Test
  void queryStringSyntax_inATerm_staysOneLiteralMatch() throws Exception {
    JsonNode q =
        json(PatternQueries.of(FilterPatterns.parse("\"x OR *:*\" level:ERROR")).orElseThrow());

    assertThat(q.toString()).doesNotContain("query_string");
    JsonNode filters = q.get("bool").get("filter");
    assertThat(filters.get(0).get("match_phrase").get("message").get("query").asText())
        .isEqualTo("x OR *:*");
    assertThat(filters.get(1).get("match").get("message").get("query").asText())
        .isEqualTo("level:ERROR");
  }

  @Test
  void jsonEquality_isATermOnTheResolvedField_andWildcardsKeepOnlyTheStar() throws Exception {
    JsonNode q =
        json(
            PatternQueries.of(
                    FilterPatterns.parse("{ $.level = \"ERROR\" && $.route = \"/a?b*\" }"))
                .orElseThrow());

    JsonNode filters = q.get("bool").get("filter");
    assertThat(filters.get(0).get("term").get("level").get("value").asText()).isEqualTo("ERROR");
    assertThat(filters.get(1).get("wildcard").get("fields.route").get("value").asText())
        .isEqualTo("/a\\?b*");
  }

  @Test
  void orderingOnStructuredFields_isRechecked_onOwnNumericPropertiesIsARange() throws Exception {
    assertThat(PatternQueries.needsRecheck(FilterPatterns.parse("{ $.latency > 100 }"))).isTrue();
    assertThat(
            PatternQueries.needsRecheck(
                FilterPatterns.parse("{ $.level = 1 || ($.a = 1 && $.b <= 2) }")))
        .isTrue();
    assertThat(PatternQueries.needsRecheck(FilterPatterns.parse("{ $.facts.http.status >= 500 }")))
        .isFalse();
    assertThat(PatternQueries.needsRecheck(FilterPatterns.parse("{ $.latency = 100 }"))).isFalse();
    assertThat(PatternQueries.needsRecheck(FilterPatterns.parse("latency"))).isFalse();

    JsonNode range =
        json(
            PatternQueries.of(FilterPatterns.parse("{ $.facts.http.status >= 500 }"))
                .orElseThrow());
    assertThat(range.get("range").get("facts.http.status").get("gte").asDouble()).isEqualTo(500.0);
  }

  @Test
  void emptyPattern_addsNoQuery() {
    assertThat(PatternQueries.of(FilterPatterns.parse(""))).isEmpty();
  }

  private static JsonNode json(Query query) throws Exception {
    return Json.mapper().readTree(query.toJsonString());
  }
}
