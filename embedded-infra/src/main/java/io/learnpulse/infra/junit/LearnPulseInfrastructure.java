package io.learnpulse.infra.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the shared LearnPulse infrastructure (Kafka, schema registry,
 * PostgreSQL), started once per JVM, and resolves {@link io.learnpulse.infra.Infrastructure}
 * parameters of constructors, lifecycle methods and test methods.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(InfrastructureExtension.class)
public @interface LearnPulseInfrastructure {}
