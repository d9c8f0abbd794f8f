// Command cbb is the one binary of the CBB repository: it imports PDM and
// BOM exports into the store, shows and traces what is there, backs it up,
// and runs the demo. Run `cbb help` for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}
