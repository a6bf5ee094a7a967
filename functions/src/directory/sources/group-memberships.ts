/**
 * Who is in which groups, as a source's prepare() reads it: member id → group names, in the order
 * the groups were listed. Members in the same groups share one frozen list (a directory has few
 * distinct combinations): a list of its own per person cost ~200 bytes each, ~20 MB for 100k.
 */
export class GroupMemberships {
  private readonly ofMember = new Map<string, readonly string[]>();
  /** Each distinct list once, by its JSON. */
  private readonly lists = new Map<string, readonly string[]>();

  add(memberId: string, group: string): void {
    const next = [...(this.ofMember.get(memberId) ?? []), group];
    const key = JSON.stringify(next);
    let shared = this.lists.get(key);
    if (!shared) this.lists.set(key, (shared = Object.freeze(next)));
    this.ofMember.set(memberId, shared);
  }

  /** The member's groups; empty when in none. */
  of(memberId: string): readonly string[] {
    return this.ofMember.get(memberId) ?? [];
  }

  clear(): void {
    this.ofMember.clear();
    this.lists.clear();
  }
}
