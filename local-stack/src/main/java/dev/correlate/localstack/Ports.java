package dev.correlate.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

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
    try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocket second = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      first.setReuseAddress(true);
      second.setReuseAddress(true);
      return new int[] {first.getLocalPort(), second.getLocalPort()};
    } catch (IOException e) {
      throw new UncheckedIOException("no free ports on the loopback address", e);
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
