// probe: run forever (a busy loop that never yields). Only a timeout can stop it.
export default function probe() {
  for (;;) {
    // burn
  }
}
