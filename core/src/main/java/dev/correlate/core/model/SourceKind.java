package dev.correlate.core.model;

/** What kind of workload wrote a log stream. */
public enum SourceKind {
  /** An AWS Lambda function; one stream per execution environment. */
  LAMBDA,
  /** A long-running ECS service (backend, strategy service, data collection, MLflow). */
  ECS_SERVICE,
  /** A one-off ECS task, one backtest each. */
  ECS_TASK,
  /**
   * AWS service events (ECS task state changes, S3 object events) that EventBridge writes to a log
   * group.
   */
  EVENTS,
  OTHER
}
