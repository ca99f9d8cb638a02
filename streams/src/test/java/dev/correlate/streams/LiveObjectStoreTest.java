package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LiveObjectStore}'s memory of absent keys, over an in-memory store that records the reads
 * and deletes that reach it: the store underneath stands for RocksDB and its changelog, so a value
 * written straight into it is one that a restore brought back.
 */
class LiveObjectStoreTest {
  private static final int CAPACITY = 4;

  private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
  private final List<String> reachedUnderneath = new ArrayList<>();
  private KeyValueStore<String, String> underneath;
  private LiveObjectStore<String> store;

  @BeforeEach
  void open() {
    underneath = TestStores.inMemory(context, "underneath", Serdes.String());
    store = new LiveObjectStore<>(recording(underneath), CAPACITY);
  }

  @SuppressWarnings("unchecked")
  private KeyValueStore<String, String> recording(KeyValueStore<String, String> inner) {
    return (KeyValueStore<String, String>)
        Proxy.newProxyInstance(
            KeyValueStore.class.getClassLoader(),
            new Class<?>[] {KeyValueStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("get") || method.getName().equals("delete")) {
                reachedUnderneath.add(method.getName() + " " + args[0]);
              }
              try {
                return method.invoke(inner, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void aKeyFoundAbsent_isNotLookedUpUnderneathAgain_untilPut() {
    assertThat(store.get("a")).isNull();
    assertThat(store.get("a")).isNull();
    assertThat(reachedUnderneath).containsExactly("get a");

    store.put("a", "1");
    assertThat(store.get("a")).isEqualTo("1");
    store.flushCache();
    assertThat(underneath.get("a")).isEqualTo("1");
  }

  @Test
  void aDeletedKey_isKnownAbsent_andDeletingItAgainReachesNothing() {
    store.put("a", "1");
    store.flushCache();

    assertThat(store.delete("a")).isEqualTo("1");
    assertThat(store.get("a")).isNull();
    assertThat(store.delete("a")).isNull();
    assertThat(reachedUnderneath).containsExactly("delete a");
    assertThat(underneath.get("a")).isNull();
  }

  @Test
  void absentKeys_areForgottenWhenTheCacheIsCleared_soRestoredValuesAreSeen() {
    assertThat(store.get("a")).isNull();
    // a task closed uncleanly: Streams clears the caches, then restores from the changelog
    store.clearCache();
    underneath.put("a", "restored");

    assertThat(store.get("a")).isEqualTo("restored");
  }

  @Test
  void absentKeys_areBoundedByTheCapacity_theOldestForgottenFirst() {
    for (int i = 0; i <= CAPACITY; i++) {
      store.get("k" + i);
    }
    reachedUnderneath.clear();

    store.get("k0");
    store.get("k" + CAPACITY);
    assertThat(reachedUnderneath).containsExactly("get k0");
  }
}
