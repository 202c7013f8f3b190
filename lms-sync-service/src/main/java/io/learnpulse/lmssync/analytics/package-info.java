/**
 * Cohort analytics per assignment (ADR 0028): completion and pass rates over time, the score
 * distribution and the per-challenge table, aggregated in PostgreSQL from what the consumers store,
 * and per-challenge time on task from heartbeats.
 */
package io.learnpulse.lmssync.analytics;
