// A stand-in for docker.exe in the Windows tests: a Go program, so that its arguments are split
// from the command line by Go's own rules, as the real docker.exe's are. It prints each argument
// after the program name as hex, one per line (byte for byte, whatever the console's code
// page), and exits with FAKE_DOCKER_EXIT (default 0).
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	for _, arg := range os.Args[1:] {
		fmt.Printf("%x\n", arg)
	}
	code := 0
	if text := os.Getenv("FAKE_DOCKER_EXIT"); text != "" {
		if n, err := strconv.Atoi(text); err == nil {
			code = n
		}
	}
	os.Exit(code)
}
