import java.util.concurrent.*;
import java.util.stream.*;

public class Hello {
  public static void main(String[] args) throws Exception {
    ExecutorService ex = Executors.newFixedThreadPool(4);
    long s = 0;
    for (Future<Long> f : ex.invokeAll(IntStream.range(0, 8)
             .mapToObj(i -> (Callable<Long>) () -> (long) i * i).collect(Collectors.toList())))
      s += f.get();
    ex.shutdown();
    System.out.println("java sum=" + s + " " + String.join(",", args));
  }
}
