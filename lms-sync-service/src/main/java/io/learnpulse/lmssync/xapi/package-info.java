/**
 * A registration's xAPI delivery as the admin API shows it (ADR 0031): what the tenant's LRS holds
 * for the registration, read server-side through the outbound URL policy within one deadline, and
 * the tenant's delivery state as xapi-emitter reports it.
 */
package io.learnpulse.lmssync.xapi;
