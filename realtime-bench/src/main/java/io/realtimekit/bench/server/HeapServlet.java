package io.realtimekit.bench.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.IntSupplier;

/**
 * {@code GET /bench/heap}: {@code {"heapUsed":..,"direct":..,"sockets":..}} in bytes, read after
 * two full collections, so that the heap figure is live data only.
 */
final class HeapServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient IntSupplier sockets;

  HeapServlet(IntSupplier sockets) {
    this.sockets = sockets;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    System.gc();
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long direct = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      direct += pool.getMemoryUsed();
    }
    resp.setContentType("application/json");
    resp.getWriter()
        .write(
            "{\"heapUsed\":"
                + heap
                + ",\"direct\":"
                + direct
                + ",\"sockets\":"
                + sockets.getAsInt()
                + "}");
  }
}
