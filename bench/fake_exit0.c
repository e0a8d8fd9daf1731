/* A fake docker that exits at once: the baseline of bench/wrapper_overhead.sh. */
int main(void) { return 0; }
