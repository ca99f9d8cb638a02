package dev.correlate.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Free-port picking and port probes on a local address. */
public final class Ports {
  private Ports() {}

  /** A port that was free on the loopback address a moment ago. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on the loopback address", e);
    }
  }

  /**
   * Two ports that were free a moment ago and differ: each is held open until both are picked,
   * because two calls of {@link #free()} in a row may be handed the same ephemeral port.
   */
  public static int[] freePair() {
    return distinct(2);
  }

  /**
   * {@code count} ports that were free a moment ago and differ from each other, picked as {@link
   * #freePair()} picks two.
   */
  public static int[] distinct(int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(socket);
        socket.setReuseAddress(true);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free ports on the loopback address", e);
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // the port was only held to keep it from being handed out twice
        }
      }
    }
  }

  /** Whether something accepts TCP connections on {@code host:port} right now. */
  public static boolean listening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
