// The part of dns2 (no bundled types) the DNS fake uses.
declare module 'dns2' {
  interface Question {
    name: string;
    type: number;
  }
  interface DnsPacket {
    questions: Question[];
    answers: Record<string, unknown>[];
    header: { rcode: number };
  }
  interface DnsServer {
    listen(options: { udp?: { port: number; address: string } }): Promise<void>;
    addresses(): { udp?: { port: number; address: string } };
    close(): Promise<void>;
  }
  const dns2: {
    createServer(options: { udp?: boolean; handle: (request: DnsPacket, send: (response: DnsPacket) => void) => void }): DnsServer;
    Packet: {
      TYPE: Record<string, number>;
      CLASS: Record<string, number>;
      RCODE: Record<string, number>;
      createResponseFromRequest(request: DnsPacket): DnsPacket;
    };
  };
  export default dns2;
}
