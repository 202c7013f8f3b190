package io.learnpulse.lmssync.assignment;

/**
 * An assignment's current version.
 *
 * @param tenantId tenant the assignment belongs to
 * @param assignmentId assignment id
 * @param version policy version, 1 for the first
 * @param policy the policy of that version
 */
public record Assignment(
    String tenantId, String assignmentId, int version, CompletionPolicy policy) {}
