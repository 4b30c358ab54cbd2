package main

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// input is a file being read, with a progress bar on a terminal.
type input struct {
	name string
	r    io.Reader
	f    *os.File // nil for standard input
	bar  *progressbar.ProgressBar
}

// openInput opens the file name, or standard input for "-". When standard
// output is a terminal and the file's size is known, reading it moves a
// progress bar there.
func (e *env) openInput(name string) (*input, error) {
	if name == "-" {
		return &input{name: "-", r: e.stdin}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	in := &input{name: name, r: f, f: f}
	out, ok := e.stdout.(*os.File)
	if !ok || !term.IsTerminal(int(out.Fd())) {
		return in, nil
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		in.bar = progressbar.NewOptions64(fi.Size(),
			progressbar.OptionSetWriter(out),
			progressbar.OptionSetDescription(name),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	return in, nil
}

// Read reads from the input, moving the progress bar.
func (in *input) Read(p []byte) (int, error) {
	n, err := in.r.Read(p)
	if in.bar != nil {
		in.bar.Add(n)
	}
	return n, err
}

// Close clears the progress bar and closes the file.
func (in *input) Close() error {
	if in.bar != nil {
		in.bar.Finish()
	}
	if in.f != nil {
		return in.f.Close()
	}
	return nil
}
