package io.learnpulse.infra.registry;

/**
 * A subject and one of its versions.
 *
 * @param subject the subject
 * @param version the version
 */
public record SubjectVersion(String subject, int version) {}
