/** JDBC helpers shared by the feature packages (no feature of its own). */
package io.learnpulse.lmssync.db;
