package main

import "context"

func helpCommand() command {
	return command{name: "help", summary: "show help for setu or for a command", run: runHelp}
}

// runHelp prints the help of the command its arguments name, by running
// that command with -h, so the help shown is the one the command has.
func runHelp(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "setu", mainHelp, commands(), append(args, "-h"))
}
