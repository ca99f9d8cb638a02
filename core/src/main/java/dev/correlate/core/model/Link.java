package dev.correlate.core.model;

/**
 * How an event was tied to its timelines.
 *
 * @param via the way the ids were found
 * @param alias the key that carried them ({@code req:<lambda request id>} or {@code task:<ecs task
 *     id>}), when the ids came through stitching
 */
public record Link(Via via, String alias) {
  /** Ways an event gets its ids. */
  public enum Via {
    /** The line names its ids itself. */
    SELF,
    /** Another line of the same Lambda invocation names them. */
    LAMBDA_INVOCATION,
    /** The ECS task's stream, or a line naming the task, names them. */
    ECS_TASK,
    /**
     * The event waited for a link that did not come within the hold time; it is visible without
     * ids.
     */
    UNLINKED,
    /**
     * Nothing to link: the event has no ids and no Lambda invocation or ECS task to learn them
     * from.
     */
    NONE
  }

  public static final Link SELF = new Link(Via.SELF, null);
  public static final Link NONE = new Link(Via.NONE, null);
}
