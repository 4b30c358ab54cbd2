package store_test

import (
	"context"
	"testing"

	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

func TestIntroductionInbox(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		partnerFixture(t, s)
		for _, in := range []*store.Introduction{{From: "in-me", To: "jp-lab"}, {From: "tw-pack", To: "in-me"}, {From: "jp-lab", To: "tw-pack"}} {
			if err := s.RequestIntroduction(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name string
			orgs []string
			all  bool
			want int
		}{
			{"one organisation, sent and received", []string{"in-me"}, false, 2},
			{"two organisations, each once", []string{"in-me", "tw-pack"}, false, 3},
			{"no organisation", nil, false, 0},
			{"all", nil, true, 3},
			{"a stranger", []string{"kr-none"}, false, 0},
		}
		for _, tc := range tests {
			got, err := s.IntroductionInbox(ctx, tc.orgs, tc.all)
			if err != nil || len(got) != tc.want {
				t.Errorf("%s: got %d, %v, want %d", tc.name, len(got), err, tc.want)
			}
			for i := 1; i < len(got); i++ {
				if got[i].CreatedAt.After(got[i-1].CreatedAt) {
					t.Errorf("%s: not newest first", tc.name)
				}
			}
		}
	})
}
