/**
 * Outbound URL policy: which tenant-supplied URLs a service may call (SSRF defence). Plain Java, no
 * dependencies, so lms-sync-service can reuse it when it checks settings on save.
 */
package io.learnpulse.outbound;
