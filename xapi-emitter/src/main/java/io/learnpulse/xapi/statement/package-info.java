/**
 * The xAPI side of LearnPulse as plain Java: statement values, the verb and extension vocabulary,
 * deterministic statement ids (UUID v5) and the mapper from LearnPulse events to xAPI 1.0.3
 * statements. Nothing here knows Spring, Kafka or HTTP.
 */
@NullMarked
package io.learnpulse.xapi.statement;

import org.jspecify.annotations.NullMarked;
