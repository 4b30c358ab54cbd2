package main

import "context"

func exportCommand() command {
	return command{name: "export", summary: "export organisations as JSON Lines or CSV", run: runExport}
}

const exportHelp = `Usage: setu export orgs [--format jsonl|csv] [--out FILE] [--db DATABASE]
       setu export iati [--out FILE] [--include-samples] [--db DATABASE]
       setu export projects|commitments [--format csv] [--out FILE] [--db DATABASE]

Export writes records from the database to a file or standard output.`

func runExport(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "setu export", exportHelp, []command{exportOrgsCommand(), exportIATICommand(), exportProjectsCommand(), exportCommitmentsCommand()}, args)
}
