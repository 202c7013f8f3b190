package io.learnpulse.lmssync.tenant;

import java.net.URI;
import java.util.List;

/**
 * A customer of LearnPulse.
 *
 * @param id tenant id
 * @param name display name
 * @param descriptorSecret HS256 secret that signs the tenant's launch descriptors (never shown)
 * @param playerOrigins origins the training player is served from
 * @param playerUrl the tenant's player URL, or null to use the service default
 */
public record Tenant(
    String id, String name, byte[] descriptorSecret, List<String> playerOrigins, URI playerUrl) {}
