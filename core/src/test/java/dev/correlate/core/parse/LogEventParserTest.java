package dev.correlate.core.parse;

import static dev.correlate.core.parse.Expect.at;
import static dev.correlate.core.parse.Expect.lambdaFacts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.model.Facts.ErrorFacts;
import dev.correlate.core.model.Facts.HttpFacts;
import dev.correlate.core.model.Facts.LambdaFacts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.SourceKind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table per format of conventions.md and ingest.md §6. Every case states the whole parsed event
 * ({@link Expect#check} compares every component, facts and fields included).
 */
class LogEventParserTest {
  private static final LogEventParser PARSER = new LogEventParser();
  private static final String REQ = "69594c41-8463-4f69-b9b4-ff6c49813475";
  private static final String CORR = "c0ffee00-1234-4abc-8def-000000000001";
  private static final String TRACE = "1-6a7a67c2-0701d869329bf462748bc57c";
  private static final String ARN =
      "arn:aws:ecs:eu-central-1:123456789012:task/tradai-prod/9f1c2b3d4e5f60718293a4b5c6d7e8f9";

  private static Arguments row(String name, String line, Expect expected) {
    return Arguments.of(name, line, expected);
  }

  // ---------------------------------------------------------------- Lambda text format: platform
  // lines

  static Stream<Arguments> lambdaTextPlatformLines() {
    String report =
        "REPORT RequestId: "
            + REQ
            + "\tDuration: 89.34 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB"
            + "\tMax Memory Used: 111 MB\t";
    return Stream.of(
        row(
            "START",
            "START RequestId: " + REQ + " Version: $LATEST\n",
            Expect.lambda("START RequestId: " + REQ + " Version: $LATEST")
                .with(
                    e -> {
                      e.lambdaRequestId = REQ;
                      e.lambda =
                          new LambdaFacts(
                              "START", REQ, null, null, null, null, null, null, null, null,
                              "$LATEST");
                    })),
        row(
            "END",
            "END RequestId: " + REQ + "\n",
            Expect.lambda("END RequestId: " + REQ)
                .with(
                    e -> {
                      e.lambdaRequestId = REQ;
                      e.lambda = lambdaFacts("END", REQ);
                    })),
        row(
            "REPORT warm, trailing tab and newline trimmed",
            report + "\n",
            Expect.lambda(report.strip())
                .with(
                    e -> {
                      e.lambdaRequestId = REQ;
                      e.lambda =
                          new LambdaFacts(
                              "REPORT", REQ, 89.34, 100.0, 128, 111, null, null, null, null, null);
                    })),
        row(
            "REPORT 2019 shape with a space before the tab",
            "REPORT RequestId: "
                + REQ
                + "\tDuration: 2.11 ms\tBilled Duration: 100 ms \tMemory Size: 128 MB\t"
                + "Max Memory Used: 64 MB\t\n",
            Expect.lambda(
                    "REPORT RequestId: "
                        + REQ
                        + "\tDuration: 2.11 ms\tBilled Duration: 100 ms \t"
                        + "Memory Size: 128 MB\tMax Memory Used: 64 MB")
                .with(
                    e -> {
                      e.lambdaRequestId = REQ;
                      e.lambda =
                          new LambdaFacts(
                              "REPORT", REQ, 2.11, 100.0, 128, 64, null, null, null, null, null);
                    })),
        row(
            "REPORT cold start with XRAY line (TV-16)",
            "REPORT RequestId: "
                + REQ
                + "\tDuration: 1655.10 ms\tBilled Duration: 1978 ms\tMemory Size: 256 MB\t"
                + "Max Memory Used: 97 MB\tInit Duration: 322.04 ms\t\nXRAY TraceId: "
                + TRACE
                + "\tSegmentId: 854892f93105b5ae\tSampled: true\n",
            Expect.lambda(
                    "REPORT RequestId: "
                        + REQ
                        + "\tDuration: 1655.10 ms\tBilled Duration: 1978 ms\t"
                        + "Memory Size: 256 MB\tMax Memory Used: 97 MB\tInit Duration: 322.04 ms\t\nXRAY TraceId: "
                        + TRACE
                        + "\tSegmentId: 854892f93105b5ae\tSampled: true")
                .with(
                    e -> {
                      e.lambdaRequestId = REQ;
                      e.xrayTraceId = TRACE;
                      e.lambda =
                          new LambdaFacts(
                              "REPORT", REQ, 1655.10, 1978.0, 256, 97, 322.04, null, null, null,
                              null);
                    })),
        row(
            "REPORT timeout",
            "REPORT RequestId: "
                + REQ
                + "\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 1024 MB\t"
                + "Max Memory Used: 64 MB\tStatus: timeout\n",
            Expect.lambda(
                    "REPORT RequestId: "
                        + REQ
                        + "\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\t"
                        + "Memory Size: 1024 MB\tMax Memory Used: 64 MB\tStatus: timeout")
                .with(
                    e -> {
                      e.lambdaRequestId = REQ;
                      e.level = Level.ERROR;
                      e.lambda =
                          new LambdaFacts(
                              "REPORT", REQ, 3000.0, 3000.0, 1024, 64, null, "timeout", null, null,
                              null);
                    })),
        row(
            "REPORT out of memory",
            "REPORT RequestId: "
                + REQ
                + "\tDuration: 10935.70 ms\tBilled Duration: 10936 ms\t"
                + "Memory Size: 1024 MB\tMax Memory Used: 1024 MB\tStatus: error\tError Type: Runtime.OutOfMemory\n",
            Expect.lambda(
                    "REPORT RequestId: "
                        + REQ
                        + "\tDuration: 10935.70 ms\tBilled Duration: 10936 ms\t"
                        + "Memory Size: 1024 MB\tMax Memory Used: 1024 MB\tStatus: error\tError Type: Runtime.OutOfMemory")
                .with(
                    e -> {
                      e.lambdaRequestId = REQ;
                      e.level = Level.ERROR;
                      e.lambda =
                          new LambdaFacts(
                              "REPORT",
                              REQ,
                              10935.70,
                              10936.0,
                              1024,
                              1024,
                              null,
                              "error",
                              "Runtime.OutOfMemory",
                              null,
                              null);
                    })),
        row(
            "INIT_START",
            "INIT_START Runtime Version: python:3.12.v18\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:"
                + "776a37ab\n",
            Expect.lambda(
                    "INIT_START Runtime Version: python:3.12.v18\tRuntime Version ARN: "
                        + "arn:aws:lambda:us-east-1::runtime:776a37ab")
                .with(
                    e -> {
                      e.lambda = lambdaFacts("INIT_START", null);
                      e.field("lambda.runtime_version", "python:3.12.v18");
                      e.field(
                          "lambda.runtime_version_arn",
                          "arn:aws:lambda:us-east-1::runtime:776a37ab");
                    })),
        row(
            "INIT_REPORT import error",
            "INIT_REPORT Init Duration: 316.80 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError\n",
            Expect.lambda(
                    "INIT_REPORT Init Duration: 316.80 ms\tPhase: init\tStatus: error\t"
                        + "Error Type: Runtime.ImportModuleError")
                .with(
                    e -> {
                      e.level = Level.ERROR;
                      e.lambda =
                          new LambdaFacts(
                              "INIT_REPORT",
                              null,
                              null,
                              null,
                              null,
                              null,
                              316.80,
                              "error",
                              "Runtime.ImportModuleError",
                              null,
                              null);
                      e.field("lambda.phase", "init");
                    })),
        row(
            "INIT_REPORT timeout",
            "INIT_REPORT Init Duration: 10009.13 ms\tPhase: init\tStatus: timeout\n",
            Expect.lambda("INIT_REPORT Init Duration: 10009.13 ms\tPhase: init\tStatus: timeout")
                .with(
                    e -> {
                      e.level = Level.ERROR;
                      e.lambda =
                          new LambdaFacts(
                              "INIT_REPORT",
                              null,
                              null,
                              null,
                              null,
                              null,
                              10009.13,
                              "timeout",
                              null,
                              null,
                              null);
                      e.field("lambda.phase", "init");
                    })),
        row(
            "Task timed out line (TV-15)",
            "2026-06-23T14:08:22.417Z 5f3c1a9e-0000-4000-8000-000000000000 Task timed out after 3.01 seconds\n",
            Expect.lambda("Task timed out after 3.01 seconds")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-06-23T14:08:22.417Z");
                      e.lambdaRequestId = "5f3c1a9e-0000-4000-8000-000000000000";
                      e.level = Level.ERROR;
                      e.lambda =
                          new LambdaFacts(
                              "TIMEOUT",
                              "5f3c1a9e-0000-4000-8000-000000000000",
                              null,
                              null,
                              null,
                              null,
                              null,
                              "timeout",
                              null,
                              3.01,
                              null);
                    })),
        row(
            "invoke error payload with a timeout and no request id",
            "{\"errorMessage\":\"2026-09-30T00:00:00Z Task timed out after 6.00 seconds\"}",
            Expect.lambda(
                    "{\"errorMessage\":\"2026-09-30T00:00:00Z Task timed out after 6.00 seconds\"}")
                .with(
                    e -> {
                      e.level = Level.ERROR;
                      e.lambda =
                          new LambdaFacts(
                              "TIMEOUT", null, null, null, null, null, null, "timeout", null, 6.0,
                              null);
                      e.error =
                          new ErrorFacts(
                              null,
                              "2026-09-30T00:00:00Z Task timed out after 6.00 seconds",
                              null,
                              false);
                      e.field(
                          "errorMessage", "2026-09-30T00:00:00Z Task timed out after 6.00 seconds");
                    })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void lambdaTextPlatformLines(String name, String line, Expect expected) {
    expected.check(PARSER, line);
  }

  // ---------------------------------------------------------------- Lambda text format:
  // application lines

  static Stream<Arguments> lambdaTextApplicationLines() {
    return Stream.of(
        row(
            "Python runtime line with ids in key=value form",
            "[INFO]\t2026-09-24T00:00:02.000Z\t"
                + REQ
                + "\tProcessing message correlation_id="
                + CORR
                + " job_id=bt-abc123\n",
            Expect.lambda("Processing message correlation_id=" + CORR + " job_id=bt-abc123")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-09-24T00:00:02Z");
                      e.lambdaRequestId = REQ;
                      e.correlationIds = List.of(CORR);
                      e.jobIds = List.of("bt-abc123");
                      e.field("correlation_id", CORR).field("job_id", "bt-abc123");
                    })),
        row(
            "Python warning with an empty request id",
            "[WARNING]\t2026-04-22T21:00:55.004Z\t\tLAMBDA_WARNING: Unhandled exception. The most likely cause is an "
                + "issue in the function code.\n",
            Expect.lambda(
                    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function "
                        + "code.")
                .with(
                    e -> {
                      e.level = Level.WARN;
                      e.messageTimestamp = at("2026-04-22T21:00:55.004Z");
                    })),
        row(
            "Node runtime line",
            "2019-06-19T12:45:35.624Z\t" + REQ + "\tINFO\tSent job bt-9z8y7x to the queue\n",
            Expect.lambda("Sent job bt-9z8y7x to the queue")
                .with(
                    e -> {
                      e.messageTimestamp = at("2019-06-19T12:45:35.624Z");
                      e.lambdaRequestId = REQ;
                      e.jobIds = List.of("bt-9z8y7x");
                    })),
        row(
            "bracketed level without columns (TV-1)",
            "[ERROR] First test message",
            Expect.lambda("First test message").with(e -> e.level = Level.ERROR)),
        row(
            "unhandled Python exception in one event",
            "[ERROR] ValueError: invalid job payload\nTraceback (most recent call last):\n"
                + "  File \"/var/task/handler.py\", line 12, in handler\n"
                + "    raise ValueError(\"invalid job payload\")\n",
            Expect.lambda(
                    "ValueError: invalid job payload\nTraceback (most recent call last):\n"
                        + "  File \"/var/task/handler.py\", line 12, in handler\n    raise ValueError(\"invalid job payload\")")
                .with(
                    e -> {
                      e.level = Level.ERROR;
                      e.error = new ErrorFacts("ValueError", "invalid job payload", null, false);
                    })),
        row(
            "stdout print of a plain line",
            "Dispatching 3 messages\t\n",
            Expect.lambda("Dispatching 3 messages")),
        row(
            "access denied on RunTask, text and ARN",
            "[ERROR]\t2026-11-27T10:00:03.100Z\t"
                + REQ
                + "\tbotocore.exceptions.ClientError: An error occurred "
                + "(AccessDeniedException) when calling the RunTask operation: User: arn:aws:sts::123456789012:"
                + "assumed-role/sqs-consumer/x is not authorized to perform: ecs:RunTask job_id=bt-abc123\n",
            Expect.lambda(
                    "botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling "
                        + "the RunTask operation: User: arn:aws:sts::123456789012:assumed-role/sqs-consumer/x is not "
                        + "authorized to perform: ecs:RunTask job_id=bt-abc123")
                .with(
                    e -> {
                      e.level = Level.ERROR;
                      e.messageTimestamp = at("2026-11-27T10:00:03.100Z");
                      e.lambdaRequestId = REQ;
                      e.jobIds = List.of("bt-abc123");
                      e.field("job_id", "bt-abc123");
                      e.error =
                          new ErrorFacts(
                              "botocore.exceptions.ClientError",
                              "An error occurred "
                                  + "(AccessDeniedException) when calling the RunTask operation: User: arn:aws:sts::"
                                  + "123456789012:assumed-role/sqs-consumer/x is not authorized to perform: ecs:RunTask "
                                  + "job_id=bt-abc123",
                              null,
                              false);
                    })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void lambdaTextApplicationLines(String name, String line, Expect expected) {
    expected.check(PARSER, line);
  }

  // ---------------------------------------------------------------- Lambda JSON format

  static Stream<Arguments> lambdaJsonFormat() {
    String initStart =
        "{\"time\":\"2026-10-08T07:30:27.768Z\",\"type\":\"platform.initStart\",\"record\":{"
            + "\"initializationType\":\"on-demand\",\"phase\":\"init\",\"runtimeVersion\":\"nodejs:22.mainline.v122\","
            + "\"functionName\":\"tradai-sqs-consumer-prod\",\"functionVersion\":\"$LATEST\","
            + "\"instanceMaxMemory\":268435456}}";
    String start =
        "{\"time\":\"2026-10-08T07:30:28.235Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\""
            + REQ
            + "\",\"functionArn\":\"arn:aws:lambda:eu-central-1:825765399535:function:tradai-sqs-consumer-prod\","
            + "\"version\":\"$LATEST\"}}";
    String nested =
        "{\"timestamp\":\"2026-10-08T07:30:29.443Z\",\"level\":\"ERROR\",\"requestId\":\""
            + REQ
            + "\",\"message\":\"{\\\"level\\\":\\\"ERROR\\\",\\\"message\\\":\\\"Widget update failed\\\","
            + "\\\"component\\\":\\\"notifier\\\",\\\"correlationId\\\":\\\""
            + CORR
            + "\\\"}\"}";
    String report =
        "{\"time\":\"2026-10-08T07:30:29.470Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\""
            + REQ
            + "\",\"metrics\":{\"durationMs\":1233.96,\"billedDurationMs\":1698,\"memorySizeMB\":256,"
            + "\"maxMemoryUsedMB\":123,\"initDurationMs\":463.512},\"status\":\"success\"}}";
    String timeout =
        "{\"time\":\"2026-10-08T07:31:00.000Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\""
            + REQ
            + "\",\"metrics\":{\"durationMs\":3000.0,\"billedDurationMs\":3000,\"memorySizeMB\":256,"
            + "\"maxMemoryUsedMB\":80},\"tracing\":{\"spanId\":\"854892f93105b5ae\",\"type\":\"X-Amzn-Trace-Id\","
            + "\"value\":\"Root="
            + TRACE
            + ";Parent=854892f93105b5ae;Sampled=1\"},\"status\":\"timeout\"}}";
    String runtimeDone =
        "{\"time\":\"2026-10-08T07:31:00.000Z\",\"type\":\"platform.runtimeDone\",\"record\":{"
            + "\"requestId\":\""
            + REQ
            + "\",\"status\":\"error\",\"errorType\":\"Runtime.ExitError\","
            + "\"metrics\":{\"durationMs\":15.2}}}";
    String initReport =
        "{\"time\":\"2026-10-08T07:30:27.900Z\",\"type\":\"platform.initReport\",\"record\":{"
            + "\"initializationType\":\"on-demand\",\"phase\":\"init\",\"status\":\"error\","
            + "\"errorType\":\"Runtime.ImportModuleError\",\"metrics\":{\"durationMs\":316.8}}}";
    String app =
        "{\"timestamp\":\"2025-06-12T10:00:00.150Z\",\"level\":\"INFO\",\"requestId\":\""
            + REQ
            + "\",\"message\":\"backtest started\",\"correlationId\":\""
            + CORR
            + "\",\"jobId\":\"bt-abc123\"}";
    String powertools =
        "{\"level\":\"INFO\",\"location\":\"handler:12\",\"message\":\"Dispatching job\","
            + "\"timestamp\":\"2026-11-27 10:00:03,456+0000\",\"service\":\"sqs-consumer\",\"cold_start\":true,"
            + "\"function_request_id\":\""
            + REQ
            + "\",\"correlation_id\":\""
            + CORR
            + "\",\"xray_trace_id\":\""
            + TRACE
            + "\",\"job_id\":\"bt-abc123\"}";
    return Stream.of(
        row(
            "platform.initStart",
            initStart + "\n",
            Expect.lambda(initStart)
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-10-08T07:30:27.768Z");
                      e.lambda =
                          new LambdaFacts(
                              "INIT_START",
                              null,
                              null,
                              null,
                              null,
                              null,
                              null,
                              null,
                              null,
                              null,
                              "$LATEST");
                      e.field("time", "2026-10-08T07:30:27.768Z")
                          .field("type", "platform.initStart")
                          .field("record.initializationType", "on-demand")
                          .field("record.phase", "init")
                          .field("record.runtimeVersion", "nodejs:22.mainline.v122")
                          .field("record.functionName", "tradai-sqs-consumer-prod")
                          .field("record.functionVersion", "$LATEST")
                          .field("record.instanceMaxMemory", "268435456");
                    })),
        row(
            "platform.start",
            start,
            Expect.lambda(start)
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-10-08T07:30:28.235Z");
                      e.lambdaRequestId = REQ;
                      e.lambda =
                          new LambdaFacts(
                              "START", REQ, null, null, null, null, null, null, null, null,
                              "$LATEST");
                      e.field("time", "2026-10-08T07:30:28.235Z")
                          .field("type", "platform.start")
                          .field("record.requestId", REQ)
                          .field(
                              "record.functionArn",
                              "arn:aws:lambda:eu-central-1:825765399535:function:tradai-sqs-consumer-prod")
                          .field("record.version", "$LATEST");
                    })),
        row(
            "application line with JSON nested in message",
            nested,
            Expect.lambda("Widget update failed")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-10-08T07:30:29.443Z");
                      e.level = Level.ERROR;
                      e.lambdaRequestId = REQ;
                      e.correlationIds = List.of(CORR);
                      e.field("timestamp", "2026-10-08T07:30:29.443Z")
                          .field("level", "ERROR")
                          .field("requestId", REQ)
                          .field("component", "notifier")
                          .field("correlationId", CORR);
                    })),
        row(
            "platform.report",
            report,
            Expect.lambda(report)
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-10-08T07:30:29.470Z");
                      e.lambdaRequestId = REQ;
                      e.lambda =
                          new LambdaFacts(
                              "REPORT", REQ, 1233.96, 1698.0, 256, 123, 463.512, "success", null,
                              null, null);
                      e.field("time", "2026-10-08T07:30:29.470Z")
                          .field("type", "platform.report")
                          .field("record.requestId", REQ)
                          .field("record.metrics.durationMs", "1233.96")
                          .field("record.metrics.billedDurationMs", "1698")
                          .field("record.metrics.memorySizeMB", "256")
                          .field("record.metrics.maxMemoryUsedMB", "123")
                          .field("record.metrics.initDurationMs", "463.512")
                          .field("record.status", "success");
                    })),
        row(
            "platform.report timeout with tracing",
            timeout,
            Expect.lambda(timeout)
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-10-08T07:31:00Z");
                      e.lambdaRequestId = REQ;
                      e.level = Level.ERROR;
                      e.xrayTraceId = TRACE;
                      e.lambda =
                          new LambdaFacts(
                              "REPORT", REQ, 3000.0, 3000.0, 256, 80, null, "timeout", null, null,
                              null);
                      e.field("time", "2026-10-08T07:31:00.000Z")
                          .field("type", "platform.report")
                          .field("record.requestId", REQ)
                          .field("record.metrics.durationMs", "3000.0")
                          .field("record.metrics.billedDurationMs", "3000")
                          .field("record.metrics.memorySizeMB", "256")
                          .field("record.metrics.maxMemoryUsedMB", "80")
                          .field("record.tracing.spanId", "854892f93105b5ae")
                          .field("record.tracing.type", "X-Amzn-Trace-Id")
                          .field(
                              "record.tracing.value",
                              "Root=" + TRACE + ";Parent=854892f93105b5ae;Sampled=1")
                          .field("record.status", "timeout");
                    })),
        row(
            "platform.runtimeDone error",
            runtimeDone,
            Expect.lambda(runtimeDone)
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-10-08T07:31:00Z");
                      e.lambdaRequestId = REQ;
                      e.level = Level.ERROR;
                      e.lambda =
                          new LambdaFacts(
                              "RUNTIME_DONE",
                              REQ,
                              15.2,
                              null,
                              null,
                              null,
                              null,
                              "error",
                              "Runtime.ExitError",
                              null,
                              null);
                      e.field("time", "2026-10-08T07:31:00.000Z")
                          .field("type", "platform.runtimeDone")
                          .field("record.requestId", REQ)
                          .field("record.status", "error")
                          .field("record.errorType", "Runtime.ExitError")
                          .field("record.metrics.durationMs", "15.2");
                    })),
        row(
            "platform.initReport error",
            initReport,
            Expect.lambda(initReport)
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-10-08T07:30:27.900Z");
                      e.level = Level.ERROR;
                      e.lambda =
                          new LambdaFacts(
                              "INIT_REPORT",
                              null,
                              null,
                              null,
                              null,
                              null,
                              316.8,
                              "error",
                              "Runtime.ImportModuleError",
                              null,
                              null);
                      e.field("time", "2026-10-08T07:30:27.900Z")
                          .field("type", "platform.initReport")
                          .field("record.initializationType", "on-demand")
                          .field("record.phase", "init")
                          .field("record.status", "error")
                          .field("record.errorType", "Runtime.ImportModuleError")
                          .field("record.metrics.durationMs", "316.8");
                    })),
        row(
            "application line with ids (TV-4)",
            app + "\n",
            Expect.lambda("backtest started")
                .with(
                    e -> {
                      e.messageTimestamp = at("2025-06-12T10:00:00.150Z");
                      e.lambdaRequestId = REQ;
                      e.correlationIds = List.of(CORR);
                      e.jobIds = List.of("bt-abc123");
                      e.field("timestamp", "2025-06-12T10:00:00.150Z")
                          .field("level", "INFO")
                          .field("requestId", REQ)
                          .field("correlationId", CORR)
                          .field("jobId", "bt-abc123");
                    })),
        row(
            "Powertools structured line",
            powertools,
            Expect.lambda("Dispatching job")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:00:03.456Z");
                      e.lambdaRequestId = REQ;
                      e.correlationIds = List.of(CORR);
                      e.jobIds = List.of("bt-abc123");
                      e.xrayTraceId = TRACE;
                      e.field("level", "INFO")
                          .field("location", "handler:12")
                          .field("timestamp", "2026-11-27 10:00:03,456+0000")
                          .field("service", "sqs-consumer")
                          .field("cold_start", "true")
                          .field("function_request_id", REQ)
                          .field("correlation_id", CORR)
                          .field("xray_trace_id", TRACE)
                          .field("job_id", "bt-abc123");
                    })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void lambdaJsonFormat(String name, String line, Expect expected) {
    expected.check(PARSER, line);
  }

  // ---------------------------------------------------------------- Python JSON logging (backend)

  static Stream<Arguments> pythonJsonLogging() {
    String submitted =
        "{\"asctime\": \"2026-11-27 10:00:00,123\", \"levelname\": \"INFO\", \"name\": "
            + "\"tradai.backend.api\", \"message\": \"Backtest job submitted\", \"correlation_id\": \""
            + CORR
            + "\", \"job_id\": \"bt-abc123\"}";
    String access =
        "{\"asctime\": \"2026-11-27 10:00:00,130\", \"levelname\": \"INFO\", \"name\": \"uvicorn.access\","
            + " \"message\": \"request done\", \"method\": \"POST\", \"path\": \"/api/v1/backtests\", \"status_code\": 202,"
            + " \"duration_ms\": 12.5, \"X-Correlation-ID\": \""
            + CORR
            + "\"}";
    String failed =
        "{\"asctime\": \"2026-11-27 10:00:04,000\", \"levelname\": \"ERROR\", \"name\": "
            + "\"tradai.backend.jobs\", \"message\": \"Failed to start ECS task\", \"exc_info\": \"Traceback (most recent "
            + "call last):\\n  File \\\"/app/jobs.py\\\", line 88, in start\\n    ecs.run_task(**params)\\n"
            + "botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling the RunTask "
            + "operation\", \"job_id\": \"bt-abc123\"}";
    String status =
        "{\"asctime\": \"2026-11-27 10:06:00,000\", \"levelname\": \"INFO\", \"name\": "
            + "\"tradai.backend.jobs\", \"message\": \"Job status updated\", \"job_id\": \"bt-abc123\", \"status\": "
            + "\"COMPLETED\", \"result_uri\": \"s3://tradai-results-prod/backtests/bt-abc123/result.json\"}";
    String started =
        "{\"asctime\": \"2026-11-27 10:00:04,500\", \"levelname\": \"INFO\", \"name\": "
            + "\"tradai.backend.ecs\", \"message\": \"Started ECS task "
            + ARN
            + " for job bt-abc123\", "
            + "\"x_correlation_id\": \""
            + CORR
            + "\"}";
    return Stream.of(
        row(
            "submission with ids",
            submitted,
            Expect.backend("Backtest job submitted")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:00:00.123Z");
                      e.logger = "tradai.backend.api";
                      e.correlationIds = List.of(CORR);
                      e.jobIds = List.of("bt-abc123");
                      e.field("asctime", "2026-11-27 10:00:00,123")
                          .field("levelname", "INFO")
                          .field("name", "tradai.backend.api")
                          .field("correlation_id", CORR)
                          .field("job_id", "bt-abc123");
                    })),
        row(
            "HTTP fields and X-Correlation-ID key",
            access,
            Expect.backend("request done")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:00:00.130Z");
                      e.logger = "uvicorn.access";
                      e.correlationIds = List.of(CORR);
                      e.http = new HttpFacts("POST", "/api/v1/backtests", 202, 12.5);
                      e.field("asctime", "2026-11-27 10:00:00,130")
                          .field("levelname", "INFO")
                          .field("name", "uvicorn.access")
                          .field("method", "POST")
                          .field("path", "/api/v1/backtests")
                          .field("status_code", "202")
                          .field("duration_ms", "12.5")
                          .field("X-Correlation-ID", CORR);
                    })),
        row(
            "exc_info traceback names the exception",
            failed,
            Expect.backend("Failed to start ECS task")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:00:04Z");
                      e.logger = "tradai.backend.jobs";
                      e.level = Level.ERROR;
                      e.jobIds = List.of("bt-abc123");
                      e.error =
                          new ErrorFacts(
                              "botocore.exceptions.ClientError",
                              "An error occurred (AccessDeniedException) when calling the RunTask operation",
                              null,
                              false);
                      e.field("asctime", "2026-11-27 10:00:04,000")
                          .field("levelname", "ERROR")
                          .field("name", "tradai.backend.jobs")
                          .field(
                              "exc_info",
                              "Traceback (most recent call last):\n  File \"/app/jobs.py\", line 88, in start\n"
                                  + "    ecs.run_task(**params)\nbotocore.exceptions.ClientError: An error occurred "
                                  + "(AccessDeniedException) when calling the RunTask operation")
                          .field("job_id", "bt-abc123");
                    })),
        row(
            "status update and S3 results",
            status,
            Expect.backend("Job status updated")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:06:00Z");
                      e.logger = "tradai.backend.jobs";
                      e.jobIds = List.of("bt-abc123");
                      e.statusUpdate = "COMPLETED";
                      e.s3Paths =
                          List.of("s3://tradai-results-prod/backtests/bt-abc123/result.json");
                      e.field("asctime", "2026-11-27 10:06:00,000")
                          .field("levelname", "INFO")
                          .field("name", "tradai.backend.jobs")
                          .field("job_id", "bt-abc123")
                          .field("status", "COMPLETED")
                          .field(
                              "result_uri",
                              "s3://tradai-results-prod/backtests/bt-abc123/result.json");
                    })),
        row(
            "task ARN and bare job id in the message",
            started,
            Expect.backend("Started ECS task " + ARN + " for job bt-abc123")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:00:04.500Z");
                      e.logger = "tradai.backend.ecs";
                      e.correlationIds = List.of(CORR);
                      e.jobIds = List.of("bt-abc123");
                      e.ecsTaskArns = List.of(ARN);
                      e.field("asctime", "2026-11-27 10:00:04,500")
                          .field("levelname", "INFO")
                          .field("name", "tradai.backend.ecs")
                          .field("x_correlation_id", CORR);
                    })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void pythonJsonLogging(String name, String line, Expect expected) {
    expected.check(PARSER, line);
  }

  // ---------------------------------------------------------------- structlog JSON (strategy
  // service)

  static Stream<Arguments> structlogJson() {
    String loaded =
        "{\"timestamp\": \"2026-11-27T10:00:02.345678Z\", \"level\": \"info\", "
            + "\"event\": \"strategy loaded\", \"correlationId\": \""
            + CORR
            + "\", "
            + "\"logger\": \"strategy_service.loader\", \"strategy\": \"MomentumV2\"}";
    String invalid =
        "{\"timestamp\": \"2026-11-27T10:00:03+01:00\", \"level\": \"error\", "
            + "\"event\": \"config invalid\","
            + " \"exception\": \"Traceback (most recent call last):\\n  File \\\"/app/cfg.py\\\", line 5, in load\\n"
            + "KeyError: 'timeframe'\", \"correlationId\": \""
            + CORR
            + "\"}";
    String warning =
        "{\"timestamp\": 1795000000.25, \"level\": \"warning\", \"event\": \"slow dependency\", "
            + "\"dependency\": {\"name\": \"mlflow\", \"latency\": {\"p99_ms\": 2300}}, \"tags\": [\"a\", \"b\"]}";
    String failed =
        "{\"timestamp\": \"2026-11-27T10:00:04Z\", \"level\": \"error\", \"event\": \"dependency call "
            + "failed\", \"error\": \"Connection refused\", \"dependency\": \"mlflow\"}";
    return Stream.of(
        row(
            "error field as the error's message",
            failed,
            Expect.strategyService("dependency call failed")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:00:04Z");
                      e.level = Level.ERROR;
                      e.error = new ErrorFacts(null, "Connection refused", null, false);
                      e.field("timestamp", "2026-11-27T10:00:04Z")
                          .field("level", "error")
                          .field("error", "Connection refused")
                          .field("dependency", "mlflow");
                    })),
        row(
            "event with camelCase correlation id",
            loaded,
            Expect.strategyService("strategy loaded")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:00:02.345Z");
                      e.logger = "strategy_service.loader";
                      e.correlationIds = List.of(CORR);
                      e.field("timestamp", "2026-11-27T10:00:02.345678Z")
                          .field("level", "info")
                          .field("correlationId", CORR)
                          .field("logger", "strategy_service.loader")
                          .field("strategy", "MomentumV2");
                    })),
        row(
            "exception field and offset time",
            invalid,
            Expect.strategyService("config invalid")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T09:00:03Z");
                      e.level = Level.ERROR;
                      e.correlationIds = List.of(CORR);
                      e.error = new ErrorFacts("KeyError", "'timeframe'", null, false);
                      e.field("timestamp", "2026-11-27T10:00:03+01:00")
                          .field("level", "error")
                          .field(
                              "exception",
                              "Traceback (most recent call last):\n  File \"/app/cfg.py\", line 5, in load\n"
                                  + "KeyError: 'timeframe'")
                          .field("correlationId", CORR);
                    })),
        row(
            "epoch seconds, nested objects and arrays flattened",
            warning,
            Expect.strategyService("slow dependency")
                .with(
                    e -> {
                      e.messageTimestamp = 1_795_000_000_250L;
                      e.level = Level.WARN;
                      e.field("timestamp", "1.79500000025E9")
                          .field("level", "warning")
                          .field("dependency.name", "mlflow")
                          .field("dependency.latency.p99_ms", "2300")
                          .field("tags.0", "a")
                          .field("tags.1", "b");
                    })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void structlogJson(String name, String line, Expect expected) {
    expected.check(PARSER, line);
  }

  // ---------------------------------------------------------------- key=value text (data
  // collection)

  static Stream<Arguments> keyValueText() {
    return Stream.of(
        row(
            "data collection line",
            "2026-11-27 10:00:01,234 INFO [data_collection.api] correlation_id="
                + CORR
                + " symbol=BTC/USDT\n",
            Expect.dataCollection("correlation_id=" + CORR + " symbol=BTC/USDT")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:00:01.234Z");
                      e.logger = "data_collection.api";
                      e.correlationIds = List.of(CORR);
                      e.field("correlation_id", CORR).field("symbol", "BTC/USDT");
                    })),
        row(
            "insufficient data warning",
            "2026-11-27 10:00:09,001 WARNING [data_collection.fetch] insufficient data "
                + "symbol=ETH/USDT timeframe=1h job_id=bt-abc123",
            Expect.dataCollection("insufficient data symbol=ETH/USDT timeframe=1h job_id=bt-abc123")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:00:09.001Z");
                      e.level = Level.WARN;
                      e.logger = "data_collection.fetch";
                      e.jobIds = List.of("bt-abc123");
                      e.field("symbol", "ETH/USDT")
                          .field("timeframe", "1h")
                          .field("job_id", "bt-abc123");
                    })),
        row(
            "HTTP line with latency and X-Correlation-ID header form",
            "2026-11-27 10:00:01,500 INFO [data_collection.api] GET /api/v1/ohlcv?symbol=BTC/USDT 200 35.2ms "
                + "X-Correlation-ID: "
                + CORR,
            Expect.dataCollection(
                    "GET /api/v1/ohlcv?symbol=BTC/USDT 200 35.2ms X-Correlation-ID: " + CORR)
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:00:01.500Z");
                      e.logger = "data_collection.api";
                      e.correlationIds = List.of(CORR);
                      e.http = new HttpFacts("GET", "/api/v1/ohlcv", 200, 35.2);
                      e.field("symbol", "BTC/USDT");
                    })),
        row(
            "ECS line of another estate (TV-17)",
            "2025-06-12T10:00:00.100Z INFO [orders-api] X-Correlation-ID="
                + CORR
                + " POST /backtests -> 202 jobId=bt-abc123",
            Expect.ecs(
                    "/ecs/orders-api",
                    "/ecs/orders-api",
                    null,
                    SourceKind.ECS_SERVICE,
                    "orders-api",
                    "X-Correlation-ID=" + CORR + " POST /backtests -> 202 jobId=bt-abc123")
                .with(
                    e -> {
                      e.messageTimestamp = at("2025-06-12T10:00:00.100Z");
                      e.logger = "orders-api";
                      e.correlationIds = List.of(CORR);
                      e.jobIds = List.of("bt-abc123");
                      e.http = new HttpFacts("POST", "/backtests", 202, null);
                      e.field("X-Correlation-ID", CORR).field("jobId", "bt-abc123");
                    })),
        row(
            "uvicorn access line with a leading level word",
            "INFO:     10.0.1.5:51234 - \"POST /api/v1/backtests HTTP/1.1\" 202 Accepted",
            Expect.backend(
                    "INFO:     10.0.1.5:51234 - \"POST /api/v1/backtests HTTP/1.1\" 202 Accepted")
                .with(e -> e.http = new HttpFacts("POST", "/api/v1/backtests", 202, null))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void keyValueText(String name, String line, Expect expected) {
    expected.check(PARSER, line);
  }

  // ---------------------------------------------------------------- Python text logging (backtest
  // task)

  static Stream<Arguments> pythonTextLogging() {
    return Stream.of(
        row(
            "Freqtrade worker line",
            "2026-11-27 10:00:05,123 - freqtrade.worker - INFO - Starting worker 2026.11\n",
            Expect.strategyTask("Starting worker 2026.11")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:00:05.123Z");
                      e.logger = "freqtrade.worker";
                    })),
        row(
            "runner line with ids",
            "2026-11-27 10:00:06,001 - tradai.runner - INFO - Running backtest job_id=bt-abc123"
                + " correlation_id="
                + CORR,
            Expect.strategyTask("Running backtest job_id=bt-abc123 correlation_id=" + CORR)
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:00:06.001Z");
                      e.logger = "tradai.runner";
                      e.correlationIds = List.of(CORR);
                      e.jobIds = List.of("bt-abc123");
                      e.field("job_id", "bt-abc123").field("correlation_id", CORR);
                    })),
        row(
            "results written",
            "2026-11-27 10:05:00,000 - tradai.runner - INFO - Results written to "
                + "s3://tradai-results-prod/backtests/bt-abc123/result.json.",
            Expect.strategyTask(
                    "Results written to s3://tradai-results-prod/backtests/bt-abc123/result.json.")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:05:00Z");
                      e.logger = "tradai.runner";
                      e.jobIds = List.of("bt-abc123");
                      e.s3Paths =
                          List.of("s3://tradai-results-prod/backtests/bt-abc123/result.json");
                    })),
        row(
            "exception named inside an error line",
            "2026-11-27 10:05:01,000 - tradai.runner - ERROR - Backtest "
                + "failed: MemoryError: Unable to allocate 2.3 GiB for an array",
            Expect.strategyTask(
                    "Backtest failed: MemoryError: Unable to allocate 2.3 GiB for an array")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:05:01Z");
                      e.logger = "tradai.runner";
                      e.level = Level.ERROR;
                      e.error =
                          new ErrorFacts(
                              "MemoryError",
                              "Unable to allocate 2.3 GiB for an array",
                              null,
                              false);
                    })),
        row(
            "critical level, exit code and status update",
            "2026-11-27 10:05:02,000 - tradai.runner - CRITICAL - "
                + "Backtest finished with exit code 3 {\"status\": \"FAILED\", \"job_id\": \"bt-abc123\"}",
            Expect.strategyTask(
                    "Backtest finished with exit code 3 {\"status\": \"FAILED\", "
                        + "\"job_id\": \"bt-abc123\"}")
                .with(
                    e -> {
                      e.messageTimestamp = at("2026-11-27T10:05:02Z");
                      e.logger = "tradai.runner";
                      e.level = Level.FATAL;
                      e.jobIds = List.of("bt-abc123");
                      e.exitCode = 3;
                      e.statusUpdate = "FAILED";
                    })),
        row(
            "traceback line alone",
            "Traceback (most recent call last):\n",
            Expect.strategyTask("Traceback (most recent call last):")
                .with(e -> e.error = new ErrorFacts(null, null, null, false))),
        row(
            "traceback frame keeps its indentation",
            "  File \"/freqtrade/main.py\", line 42, in main\n",
            Expect.strategyTask("  File \"/freqtrade/main.py\", line 42, in main")),
        row(
            "final traceback line",
            "MemoryError: Unable to allocate 2.3 GiB\n",
            Expect.strategyTask("MemoryError: Unable to allocate 2.3 GiB")
                .with(
                    e ->
                        e.error =
                            new ErrorFacts(
                                "MemoryError", "Unable to allocate 2.3 GiB", null, false))),
        row(
            "container exit code 137",
            "Essential container in task exited: exitCode: 137 reason: OutOfMemoryError",
            Expect.strategyTask(
                    "Essential container in task exited: exitCode: 137 reason: OutOfMemoryError")
                .with(e -> e.exitCode = 137)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void pythonTextLogging(String name, String line, Expect expected) {
    expected.check(PARSER, line);
  }

  // ---------------------------------------------------------------- identifiers

  static Stream<Arguments> identifierSpellings() {
    return Stream.of(
        Arguments.of("correlation_id=" + CORR, List.of(CORR), List.of()),
        Arguments.of("correlationId=" + CORR, List.of(CORR), List.of()),
        Arguments.of("request X-Correlation-ID: " + CORR + ", done", List.of(CORR), List.of()),
        Arguments.of("X-Correlation-ID=" + CORR, List.of(CORR), List.of()),
        Arguments.of(
            "headers {'x-correlation-id': 'req:2026.11.27-a_1'}",
            List.of("req:2026.11.27-a_1"),
            List.of()),
        Arguments.of("correlation_id=abc12 (too short)", List.of(), List.of()),
        Arguments.of("correlation_id=" + "a".repeat(129) + " (too long)", List.of(), List.of()),
        Arguments.of("correlation_id=a/b/c/d/e/f (not a token)", List.of(), List.of()),
        Arguments.of("mycorrelation_id=" + CORR + " (another key)", List.of(), List.of()),
        Arguments.of(
            "correlation_id=aaaaaa11 then correlation_id=bbbbbb22",
            List.of("aaaaaa11", "bbbbbb22"),
            List.of()),
        Arguments.of(
            "job_id=bt-abc123 jobId=bt-def456 and bt-0a1b2c",
            List.of(),
            List.of("bt-abc123", "bt-def456", "bt-0a1b2c")),
        Arguments.of("job_id=42", List.of(), List.of("42")),
        Arguments.of("abt-x1 and bt-X9 are not backtest ids", List.of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identifierSpellings")
  void identifierSpellings_areFoundAndValidated(
      String line, List<String> correlation, List<String> jobs) {
    LogEvent event = PARSER.parse(Expect.lambda(line).raw(line));
    assertThat(event.correlationIds()).isEqualTo(correlation);
    assertThat(event.jobIds()).isEqualTo(jobs);
  }

  // ---------------------------------------------------------------- sources

  static Stream<Arguments> sources() {
    return Stream.of(
        Arguments.of(
            "/ecs/tradai-backend-dev",
            "ecs/backend/" + Expect.TASK_ID,
            "backend",
            "dev",
            SourceKind.ECS_SERVICE,
            Expect.TASK_ID),
        Arguments.of(
            "/ecs/tradai-strategy-service-prod",
            "ecs/strategy-service/" + Expect.TASK_ID,
            "strategy-service",
            "prod",
            SourceKind.ECS_SERVICE,
            Expect.TASK_ID),
        Arguments.of(
            "/ecs/tradai-strategy-staging",
            "backtest/strategy/" + Expect.TASK_ID,
            "strategy",
            "staging",
            SourceKind.ECS_TASK,
            Expect.TASK_ID),
        Arguments.of(
            "/ecs/tradai-data-collection-prod",
            "ecs/data-collection/" + Expect.TASK_ID,
            "data-collection",
            "prod",
            SourceKind.ECS_SERVICE,
            Expect.TASK_ID),
        Arguments.of(
            "/ecs/tradai-mlflow-dev",
            "ecs/mlflow/" + Expect.TASK_ID,
            "mlflow",
            "dev",
            SourceKind.ECS_SERVICE,
            Expect.TASK_ID),
        Arguments.of(
            "/aws/lambda/tradai-sqs-consumer-dev",
            Expect.LAMBDA_STREAM,
            "sqs-consumer",
            "dev",
            SourceKind.LAMBDA,
            null),
        Arguments.of(
            "/aws/lambda/tradai-health-check-prod",
            "2026/11/27/[12]0123456789abcdef0123456789abcdef",
            "health-check",
            "prod",
            SourceKind.LAMBDA,
            null),
        Arguments.of(
            "/aws/lambda/backtest-runner",
            Expect.LAMBDA_STREAM,
            "/aws/lambda/backtest-runner",
            null,
            SourceKind.LAMBDA,
            null),
        Arguments.of(
            "/custom/app", Expect.LAMBDA_STREAM, "/custom/app", null, SourceKind.LAMBDA, null),
        Arguments.of(
            "/custom/app",
            "web/app/" + Expect.TASK_ID,
            "/custom/app",
            null,
            SourceKind.ECS_SERVICE,
            Expect.TASK_ID),
        Arguments.of("/custom/app", "i-0123456789", "/custom/app", null, SourceKind.OTHER, null),
        Arguments.of(
            "/ecs/tradai-backend-dev",
            "ecs/backend/not-a-task-id",
            "backend",
            "dev",
            SourceKind.ECS_SERVICE,
            null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource
  void sources(
      String group, String stream, String service, String env, SourceKind kind, String taskId) {
    LogEvent event =
        PARSER.parse(
            new RawLogEvent(
                Expect.OWNER,
                group,
                stream,
                List.of(),
                null,
                Map.of(),
                Expect.EVENT_ID,
                Expect.TS,
                "hello\n",
                Expect.RECEIVED,
                RawLogEvent.Intake.BACKFILL,
                null,
                Map.of()));
    assertThat(event.service()).isEqualTo(service);
    assertThat(event.environment()).isEqualTo(env);
    assertThat(event.sourceKind()).isEqualTo(kind);
    assertThat(event.ecsTaskId()).isEqualTo(taskId);
    assertThat(event.logGroup()).isEqualTo(group);
    assertThat(event.account()).isEqualTo(Expect.OWNER);
    assertThat(event.region()).isNull();
  }

  @Test
  void centralizedEvent_takesOriginFromExtractedFields() {
    LogEvent event =
        PARSER.parse(
            new RawLogEvent(
                "999999999999",
                "/central/all-logs",
                Expect.LAMBDA_STREAM,
                List.of(),
                null,
                Map.of(
                    "@aws.account",
                    "111122223333",
                    "@aws.region",
                    "us-east-1",
                    "@source.log",
                    "/aws/lambda/tradai-sqs-consumer-prod"),
                Expect.EVENT_ID,
                Expect.TS,
                "hello",
                Expect.RECEIVED,
                RawLogEvent.Intake.FIREHOSE,
                null,
                Map.of()));
    assertThat(event.logGroup()).isEqualTo("/aws/lambda/tradai-sqs-consumer-prod");
    assertThat(event.account()).isEqualTo("111122223333");
    assertThat(event.region()).isEqualTo("us-east-1");
    assertThat(event.service()).isEqualTo("sqs-consumer");
    assertThat(event.environment()).isEqualTo("prod");
    assertThat(event.sourceKind()).isEqualTo(SourceKind.LAMBDA);
  }

  @Test
  void centralizedSourceLogWithAccountPrefix_givesAccountAndGroup() {
    LogEvent event =
        PARSER.parse(
            new RawLogEvent(
                "999999999999",
                "/central/all-logs",
                "x",
                List.of(),
                null,
                Map.of("@source.log", "111122223333:/ecs/tradai-backend-dev"),
                Expect.EVENT_ID,
                Expect.TS,
                "hello",
                Expect.RECEIVED,
                RawLogEvent.Intake.FIREHOSE,
                null,
                Map.of()));
    assertThat(event.logGroup()).isEqualTo("/ecs/tradai-backend-dev");
    assertThat(event.account()).isEqualTo("111122223333");
    assertThat(event.service()).isEqualTo("backend");
  }

  // ---------------------------------------------------------------- bounds

  @Test
  void manyFields_areBoundedAndTheDropIsCounted() {
    StringBuilder json = new StringBuilder("{\"message\":\"wide\"");
    for (int i = 0; i < 500; i++) {
      json.append(",\"k").append(i).append("\":").append(i);
    }
    json.append('}');
    LogEvent event = PARSER.parse(Expect.backend("x").raw(json.toString()));
    assertThat(event.message()).isEqualTo("wide");
    assertThat(event.fields())
        .hasSize(128 + 2)
        .containsEntry(LogEventParser.DROPPED_FIELDS_FIELD, "372")
        .containsEntry("k127", "127")
        .doesNotContainKey("k128");
  }

  @Test
  void deepObjects_areKeptAsJsonTextBelowTheDepthLimit() {
    String deep =
        "{\"message\":\"deep\",\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":1}}}}}}}}}";
    LogEvent event = PARSER.parse(Expect.backend("x").raw(deep));
    assertThat(event.fields()).containsEntry("a.b.c.d.e.f.g.h", "{\"i\":1}");
  }

  @Test
  void longValues_andLongMessages_areCut() {
    ParserRules small =
        ParserRules.load(
            new java.io.ByteArrayInputStream(
                "limits: {max_message_chars: 40, max_value_chars: 5}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    LogEvent event =
        new LogEventParser(small).parse(Expect.backend("x").raw("x".repeat(100) + " k=abcdefgh"));
    assertThat(event.message()).isEqualTo("x".repeat(40));
    assertThat(event.fields()).containsEntry(LogEventParser.MESSAGE_LENGTH_FIELD, "111");
    LogEvent json =
        new LogEventParser(small)
            .parse(Expect.backend("x").raw("{\"message\":\"m\",\"k\":\"abcdefgh\"}"));
    assertThat(json.fields()).containsEntry("k", "abcde");
  }

  @Test
  void jsonNestedBeyondTheLimit_isText() {
    String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
    LogEvent event = PARSER.parse(Expect.backend("x").raw(deep));
    assertThat(event.message()).isEqualTo(deep);
    assertThat(event.fields()).containsOnlyKeys(LogEventParser.CONTAINER_FIELD);
  }

  @Test
  void failureInsideTheRules_keepsTheLineAndNamesTheFailure() {
    // a user's log group pattern that recurses per character overflows the stack on a long name
    ParserRules recursive =
        ParserRules.load(
            new java.io.ByteArrayInputStream(
                "log_groups: [{pattern: '^(a|b)*$', kind: OTHER}]"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    String group = "ab".repeat(100_000);
    LogEvent event =
        new LogEventParser(recursive)
            .parse(
                new RawLogEvent(
                    "123456789012",
                    group,
                    "s",
                    List.of(),
                    null,
                    Map.of(),
                    Expect.EVENT_ID,
                    Expect.TS,
                    "still here\n",
                    Expect.RECEIVED,
                    RawLogEvent.Intake.BACKFILL,
                    null,
                    Map.of()));
    assertThat(event.message()).isEqualTo("still here");
    assertThat(event.logGroup()).isEqualTo(group);
    assertThat(event.fields())
        .containsExactly(Map.entry(LogEventParser.PARSE_ERROR_FIELD, "StackOverflowError"));
  }

  @Test
  void malformedJson_isText() {
    LogEvent event =
        PARSER.parse(Expect.backend("x").raw("{\"level\": \"ERROR\", \"message\": \"cut off}"));
    assertThat(event.message()).isEqualTo("{\"level\": \"ERROR\", \"message\": \"cut off}");
    assertThat(event.level()).isEqualTo(Level.INFO);
  }
}
