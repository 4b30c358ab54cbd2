package errs

import (
	"errors"
	"fmt"
	"testing"
)

func TestKindOf(t *testing.T) {
	notFound := E("get organisation", NotFound, "no organisation %q", "x")
	tests := []struct {
		name string
		err  error
		want Kind
	}{
		{"plain error", errors.New("boom"), Internal},
		{"kind", notFound, NotFound},
		{"wrapped by Wrap", Wrap("outer", notFound), NotFound},
		{"wrapped by fmt", fmt.Errorf("ctx: %w", notFound), NotFound},
		{"nil", nil, Internal},
	}
	for _, tt := range tests {
		if got := KindOf(tt.err); got != tt.want {
			t.Errorf("%s: KindOf = %v, want %v", tt.name, got, tt.want)
		}
	}
	if Wrap("op", nil) != nil {
		t.Error("Wrap(op, nil) is not nil")
	}
}

func TestProblems(t *testing.T) {
	var p Problems
	if p.Err("op") != nil {
		t.Fatal("no problems gave an error")
	}
	p.Add("country", "%q is not a code", "XX")
	p.Add("name", "is required")
	err := Wrap("create organisation", p.Err("validate"))
	if !Is(err, Invalid) {
		t.Errorf("kind = %v, want invalid", KindOf(err))
	}
	fields := FieldsOf(err)
	if len(fields) != 2 || fields[0].Field != "country" || fields[1].Problem != "is required" {
		t.Errorf("fields = %+v", fields)
	}
	want := `create organisation: validate: invalid input: country: "XX" is not a code; name: is required`
	if err.Error() != want {
		t.Errorf("message = %q, want %q", err.Error(), want)
	}
	if MessageOf(err) != "invalid input" {
		t.Errorf("MessageOf = %q, want %q", MessageOf(err), "invalid input")
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"op, message", E("import round", Conflict, "round %s is matched", "r1"), "import round: round r1 is matched"},
		{"wrapped twice by the same op", Wrap("import round", E("import round", Conflict, "round is matched")), "import round: round is matched"},
		{"wrapped by another op", Wrap("cli", E("import round", Conflict, "round is matched")), "cli: import round: round is matched"},
		{"field problem", &Error{Op: "import", Kind: Invalid, Msg: "invalid input", Fields: []FieldError{{Field: "sede", Problem: "unknown field"}}}, "import: invalid input: sede: unknown field"},
		{"problem without a field", &Error{Op: "import", Kind: Invalid, Msg: "invalid input", Fields: []FieldError{{Problem: "invalid JSON at line 4"}}}, "import: invalid input: invalid JSON at line 4"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
