package io.hookline.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a host name to its addresses: the system resolver, or a fake in tests. */
@FunctionalInterface
public interface HostResolver {
    /** The resolver of the JDK and the operating system. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * @param host a host name in ASCII, never an IP literal
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
