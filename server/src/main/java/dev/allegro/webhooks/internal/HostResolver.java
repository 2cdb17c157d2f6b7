package dev.allegro.webhooks.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Answers a host name's addresses: the system's resolver, or one a test controls. */
@FunctionalInterface
interface HostResolver {

  HostResolver SYSTEM = InetAddress::getAllByName;

  InetAddress[] resolve(String host) throws UnknownHostException;
}
