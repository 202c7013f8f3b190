package io.learnpulse.lmssync.web;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.schemas.wire.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body to {@code learnpulse.lms-sync.max-body-size}, before anything parses
 * it: a declared {@code Content-Length} over the limit is answered 413 {@code body-too-large} at
 * once, without reading the body; a body without a length (chunked) is counted as it is read and
 * reading fails at the first byte over the limit, which {@link ProblemAdvice} (or this filter, if
 * the failure escapes MVC) answers the same way. Runs before security, so an oversized body costs
 * no token verification either.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class BodyLimitFilter extends OncePerRequestFilter {

  private final long limit;
  private final ProblemWriter problems;

  BodyLimitFilter(LmsSyncProperties properties, ProblemWriter problems) {
    this.limit = properties.maxBodySize().toBytes();
    this.problems = problems;
  }

  /** Reading a body stopped at the limit. */
  static final class BodyTooLargeException extends IOException {
    BodyTooLargeException(long limit) {
      super("the request body exceeds " + limit + " bytes");
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > limit) {
      refuse(response);
      return;
    }
    try {
      chain.doFilter(new Limited(request, limit), response);
    } catch (IOException | ServletException | RuntimeException e) {
      if (!tooLarge(e) || response.isCommitted()) {
        throw e;
      }
      response.resetBuffer();
      refuse(response);
    }
  }

  /** True when {@code e} or one of its causes is a body stopped at the limit. */
  static boolean tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BodyTooLargeException) {
        return true;
      }
    }
    return false;
  }

  private void refuse(HttpServletResponse response) throws IOException {
    // The rest of the body is not read: close the connection rather than drain it.
    response.setHeader(HttpHeaders.CONNECTION, "close");
    problems.write(response, tooLargeProblem(limit));
  }

  static org.springframework.http.ProblemDetail tooLargeProblem(long limit) {
    return Problems.of(
        ProblemType.BODY_TOO_LARGE, "The request body must be at most " + limit + " bytes.");
  }

  /** The request with its body counted. */
  private static final class Limited extends HttpServletRequestWrapper {

    private final long limit;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), limit);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }

  /** Fails once more than {@code limit} bytes were read. */
  private static final class CountingStream extends ServletInputStream {

    private final ServletInputStream in;
    private final long limit;
    private long count;

    CountingStream(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    private void counted(int n) throws BodyTooLargeException {
      count += n;
      if (count > limit) {
        throw new BodyTooLargeException(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
