/**
 * The scoring contract as plain Java: challenge events of a registration in, per-challenge scores
 * and per-topic status under an assignment policy out. Imports neither Spring nor Kafka.
 */
@NullMarked
package io.learnpulse.scoring.domain;

import org.jspecify.annotations.NullMarked;
