package io.cpesentinel.ingest.receiver;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.ingest.config.IngestConfig;
import io.cpesentinel.ingest.session.CwmpSession;
import io.cpesentinel.ingest.session.CwmpSessions;
import io.cpesentinel.schema.AuthOutcome;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Properties;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.security.authentication.DigestAuthenticator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.security.Credential;

/**
 * HTTP Basic or Digest authentication of CPEs in receiver mode, done by Jetty's authenticators.
 * CWMP authenticates a session, not every request: many CPEs send credentials on their first
 * request only, so a request of a session that already authenticated (same cookie or connection) is
 * let through.
 */
public final class ReceiverSecurity extends SecurityHandler {
  private final CwmpSessions sessions;

  private ReceiverSecurity(CwmpSessions sessions) {
    this.sessions = sessions;
  }

  /**
   * The security handler for {@code auth}, with users from its secret (realm-properties format).
   */
  public static ReceiverSecurity create(
      IngestConfig.Auth auth, CwmpSessions sessions, Map<String, String> environment) {
    ReceiverSecurity security = new ReceiverSecurity(sessions);
    HashLoginService login = new HashLoginService(auth.realm());
    login.setUserStore(users(auth, environment));
    security.setLoginService(login);
    security.setRealmName(auth.realm());
    security.setAuthenticator(
        auth.method() == IngestConfig.CwmpAuthMethod.DIGEST
            ? new DigestAuthenticator()
            : new BasicAuthenticator());
    return security;
  }

  @Override
  protected Constraint getConstraint(String pathInContext, Request request) {
    CwmpSession session = sessions.find(request);
    if (session != null && session.authOutcome() == AuthOutcome.SUCCEEDED) {
      return Constraint.ALLOWED;
    }
    return Constraint.ANY_USER;
  }

  private static UserStore users(IngestConfig.Auth auth, Map<String, String> environment) {
    String text = auth.users().resolve("cwmp.auth.users", environment::get);
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "cwmp.auth.users", "not in realm-properties format (user: password)");
    }
    if (properties.isEmpty()) {
      throw new ConfigException("cwmp.auth.users", "lists no user");
    }
    UserStore store = new UserStore();
    for (String user : properties.stringPropertyNames()) {
      String credential = properties.getProperty(user).split(",", 2)[0].strip();
      store.addUser(user, Credential.getCredential(credential), new String[] {"cpe"});
    }
    return store;
  }
}
