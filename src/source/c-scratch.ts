/**
 * Scratch memory of the C scan, shared by its passes and reused from file to file (one set per
 * thread): typed arrays indexed by token, by active position or by identifier id, grown to the
 * largest file and the largest name table seen, so that scanning a file allocates almost nothing
 * but its facts.
 */

class Scratch {
  state = new Uint8Array(0);
  positionOf = new Int32Array(0);
  active = new Int32Array(0);
  activeCode = new Int32Array(0);
  activeId = new Int32Array(0);
  guardConditional = new Int32Array(0);
  guardBranch = new Int32Array(0);
  /** Per identifier id: which group (or condition) last met it, and its entry there. */
  owner = new Int32Array(0);
  entry = new Int32Array(0);
  /** Per name of the group being collected: its first and last use; per use: its line and the next. */
  firstUse = new Int32Array(0);
  lastUse = new Int32Array(0);
  useLine = new Int32Array(0);
  nextUse = new Int32Array(0);
  stamp = 0;

  forTokens(count: number): void {
    if (this.state.length >= count + 1) return;
    const size = Math.max(count + 1, this.state.length * 2);
    this.state = new Uint8Array(size);
    this.positionOf = new Int32Array(size);
    this.active = new Int32Array(size);
    this.activeCode = new Int32Array(size);
    this.activeId = new Int32Array(size);
    this.guardConditional = new Int32Array(size);
    this.guardBranch = new Int32Array(size);
    this.firstUse = new Int32Array(size);
    this.lastUse = new Int32Array(size);
    this.useLine = new Int32Array(size);
    this.nextUse = new Int32Array(size);
  }

  forNames(count: number): void {
    if (this.owner.length >= count) return;
    const size = Math.max(count, this.owner.length * 2, 1024);
    this.owner = grownInt32(this.owner, size);
    this.entry = grownInt32(this.entry, size);
  }
}

function grownInt32(from: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const into = new Int32Array(size);
  into.set(from);
  return into;
}

export const scratch = new Scratch();
