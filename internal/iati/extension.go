package iati

import "time"

// Setu's extension elements, in Namespace. The IATI schema allows elements
// from other namespaces at the end of <iati-activity> and of <result>, and
// validators that do not know them ignore them:
//
//	<iati-activity>
//	  ...
//	  <result type="1">
//	    ...
//	    <setu:output ref="OUT-42" kind="model" ip-holder="IN-MCA-U72900KA2019PTC123456" returned-home="true"/>
//	  </result>
//	  <setu:commitment ref="CMT-7" framework="FW-JAI"/>
//	  <setu:milestone ref="MS-3" title="Prototype shown" due="2026-09-30" completed="2026-09-28" evidence="https://..."/>
//	</iati-activity>
//
// and the attribute setu:home="true" on the <participating-org> of the home
// organisation.

// CommitmentLink links an activity to the ledger commitment it carries out,
// written as <setu:commitment ref="..." framework="..."/>.
type CommitmentLink struct {
	Ref       string // the commitment's ledger identifier; required
	Framework string // the framework the commitment belongs to; may be empty
}

// Output describes the ledger output that a result reports, written as
// <setu:output> inside <result>. The result's title, document links and
// indicator carry the output's title, link and count.
type Output struct {
	Ref      string // the output's ledger identifier; required
	Kind     string // the ledger's kind of output, e.g. "model", "dataset", "patent"
	IPHolder string // identifier of the organisation that holds its intellectual property
	Licence  string // an SPDX licence identifier, e.g. "Apache-2.0"
	// LicensedHome records that the IP is licensed to an organisation of
	// the home ecosystem, though held elsewhere.
	LicensedHome bool
	// ReturnedHome says whether the knowledge and intellectual property of
	// the output returned to the home ecosystem, as the ledger derives it
	// when the file is written; published so that readers without the
	// registry can count it.
	ReturnedHome bool
}

// Milestone is a dated step of the activity, written as <setu:milestone>.
// IATI has no milestones; a publisher may also report them as results.
type Milestone struct {
	Ref       string    // the milestone's ledger identifier; required
	Title     string    //
	Due       time.Time // required
	Completed time.Time // zero while open
	Evidence  string    // a link showing the completion
}
