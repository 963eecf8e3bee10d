// A real DNS server on loopback (dns2) for portal-domain verification: tests publish TXT
// records in it and point DNS_RESOLVER at it. Unknown names answer NXDOMAIN.
import dns2 from "dns2";

const { Packet } = dns2;

export type TestDnsServer = {
  /** "127.0.0.1:PORT", the value of DNS_RESOLVER. */
  address: string;
  setTxt(name: string, values: string[]): void;
  remove(name: string): void;
  /** Names asked for, in order (a lookup really went through the server). */
  queries: string[];
  stop(): Promise<void>;
};

export async function startDnsServer(options: { port?: number } = {}): Promise<TestDnsServer> {
  const txt = new Map<string, string[]>();
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      if (!question) return send(response);
      const name = question.name.toLowerCase().replace(/\.$/, "");
      queries.push(name);
      const values = txt.get(name);
      if (!values) {
        response.header.rcode = Packet.RCODE.NXDOMAIN;
      } else if (question.type === Packet.TYPE.TXT) {
        for (const data of values) response.answers.push(Packet.createResourceFromQuestion(question, { type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data }));
      }
      send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: options.port ?? 0, address: "127.0.0.1" } });
  const port = addresses.udp?.port ?? server.addresses().udp?.port;
  if (!port) throw new Error("the DNS server did not report its UDP port");
  return {
    address: `127.0.0.1:${port}`,
    setTxt: (name, values) => void txt.set(name.toLowerCase(), values),
    remove: (name) => void txt.delete(name.toLowerCase()),
    queries,
    stop: () => server.close(),
  };
}
