package placement

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"time"
)

// ReadRound reads ROUND.json and returns its instance, or every problem
// found, each with its JSON path ("positions[3].prefs[5]: unknown
// applicant \"a9\"").
func ReadRound(data []byte) (*Instance, []string) {
	r, problems := decodeRound(data)
	if r != nil {
		in, more := checkRound(r)
		if len(problems) == 0 && len(more) == 0 {
			return in, nil // valid: FuzzReadRound checks it with Validate
		}
		problems = append(problems, more...)
	}
	return nil, problems
}

// Exit statuses of RunMatch.
const (
	ExitOK      = 0 // the result is written and verified
	ExitFailed  = 1 // reading or writing failed, or the result failed verification
	ExitInvalid = 2 // the input is invalid; nothing was written
)

// RunMatch is "setu match": it reads ROUND.json from in, runs the round
// and writes RESULT.json to out. For invalid input it writes nothing and
// returns ExitInvalid with every problem. A result that fails its own
// verification is written, with its verdict, and returns ExitFailed.
func RunMatch(in io.Reader, out io.Writer) (exitCode int, problems []string) {
	start := time.Now()
	data, err := io.ReadAll(in)
	if err != nil {
		return ExitFailed, []string{"read: " + err.Error()}
	}
	sum := sha256.Sum256(data)
	inst, problems := ReadRound(data)
	if problems != nil {
		return ExitInvalid, problems
	}
	read := time.Since(start)
	res, err := Match(inst)
	if err != nil {
		return ExitInvalid, []string{err.Error()}
	}
	t := Timings{Read: read, Compile: res.Compile, Match: res.Match, Verify: res.Verify}
	if err := WriteResult(out, inst, res, hex.EncodeToString(sum[:]), t); err != nil {
		return ExitFailed, []string{"write: " + err.Error()}
	}
	if !res.Verdict.OK {
		problems = []string{"the result failed its own verification:"}
		for _, v := range res.Verdict.Violations {
			problems = append(problems, v.Message(inst))
		}
		return ExitFailed, problems
	}
	return ExitOK, nil
}
