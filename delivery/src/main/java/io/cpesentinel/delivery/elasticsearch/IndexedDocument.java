package io.cpesentinel.delivery.elasticsearch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One document as it goes to Elasticsearch: deterministic index and {@code _id}, so writing it
 * again (a replay, a retry after a restart) overwrites instead of duplicating.
 */
public record IndexedDocument(String index, String id, ObjectNode source) {}
