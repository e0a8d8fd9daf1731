// A stand-in for docker.exe in the Windows tests: a Go program, so that its arguments are split
// from the command line by Go's own rules, as the real docker.exe's are. It prints each argument
// after the program name as hex, one per line (byte for byte, whatever the console's code
// page), and exits with FAKE_DOCKER_EXIT (default 0). With FAKE_DOCKER_SLEEP_MS it runs that
// long first; with FAKE_DOCKER_MARKS (a directory) it leaves a mark there while it runs and
// appends to its file "seen" how many marks it saw, so a test can tell how many ran at once.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

func main() {
	for _, arg := range os.Args[1:] {
		fmt.Printf("%x\n", arg)
	}
	marks := os.Getenv("FAKE_DOCKER_MARKS")
	mark := ""
	if marks != "" {
		mark = filepath.Join(marks, "run."+strconv.Itoa(os.Getpid()))
		if f, err := os.Create(mark); err == nil {
			f.Close()
		}
		found, _ := filepath.Glob(filepath.Join(marks, "run.*"))
		if f, err := os.OpenFile(filepath.Join(marks, "seen"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintf(f, "%d\n", len(found))
			f.Close()
		}
	}
	if ms, err := strconv.Atoi(os.Getenv("FAKE_DOCKER_SLEEP_MS")); err == nil {
		time.Sleep(time.Duration(ms) * time.Millisecond)
	}
	if mark != "" {
		os.Remove(mark)
	}
	code := 0
	if text := os.Getenv("FAKE_DOCKER_EXIT"); text != "" {
		if n, err := strconv.Atoi(text); err == nil {
			code = n
		}
	}
	os.Exit(code)
}
