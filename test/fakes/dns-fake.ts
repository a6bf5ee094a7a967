import dns2 from 'dns2';

const { Packet } = dns2;

/**
 * A local DNS server (UDP, dns2) answering TXT questions from `records` (name → TXT strings) and
 * NXDOMAIN for other names, so `node:dns` resolveTxt runs for real against it.
 */
export async function startFakeDns() {
  const records = new Map<string, string[]>();
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const question = request.questions[0];
      const name = question?.name.toLowerCase() ?? '';
      const txt = records.get(name);
      if (!question || !txt) response.header.rcode = Packet.RCODE.NXDOMAIN!;
      else if (question.type === Packet.TYPE.TXT) {
        for (const data of txt) response.answers.push({ name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 60, data });
      }
      send(response);
    },
  });
  await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const port = server.addresses().udp!.port;
  return {
    records,
    /** For HERALD_DNS_SERVERS. */
    server: `127.0.0.1:${port}`,
    close: () => server.close(),
  };
}
