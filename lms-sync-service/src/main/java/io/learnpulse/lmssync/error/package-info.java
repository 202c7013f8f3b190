/**
 * The refusals of lms-sync-service's own rules, as plain Java exceptions. Nothing here knows HTTP:
 * {@code io.learnpulse.lmssync.web.ProblemAdvice} maps them to problem+json.
 */
package io.learnpulse.lmssync.error;
