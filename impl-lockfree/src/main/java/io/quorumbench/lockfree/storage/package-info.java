/**
 * Storage helpers shared by the tuned implementations' mapped logs: preparing and pre-touching
 * the next memory-mapped file off the node thread ({@link io.quorumbench.lockfree.storage.MappingPretoucher}).
 */
package io.quorumbench.lockfree.storage;
