/**
 * The SCORM domain core: how a registration's topic status, active time and bookmark become SCORM
 * 1.2 and 2004 data model values. Plain Java, no Spring, no Kafka.
 */
package io.learnpulse.lmssync.scorm;
