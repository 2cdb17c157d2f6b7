package dev.allegro.system.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report in the API's JSON shape, {@code {"message": "Bad Request."}}, instead of
 * its HTML page. It answers what Tomcat refuses before the application sees the request (a bad Host
 * header, a malformed request line, a header too large, {@code %00} in the path) and any error left
 * without a body; what the application answered itself is left as it is.
 *
 * <p>Public with a no-argument constructor: Tomcat's host may instantiate it by name.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

  public JsonErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    var ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    try {
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        // the messages are fixed ASCII phrases: nothing to escape
        writer.write("{\"message\":\"" + ErrorMessages.of(status) + "\"}");
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the response was committed meanwhile: nothing more to say
    }
  }
}
