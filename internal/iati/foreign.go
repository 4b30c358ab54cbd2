package iati

import "encoding/xml"

// Elements and attributes from other namespaces, which the schema allows at
// the end of most elements, are kept on the activity and on results as
// Element and xml.Attr values, so that they survive a read and a write.
// Those elsewhere are skipped.

// foreign appends the element from another namespace just started to dst,
// unless its name is not one that can be written again.
func (d *decoder) foreign(s xml.StartElement, dst *[]Element) error {
	if !isNCName(s.Name.Local) {
		return d.t.skip()
	}
	e, err := d.element(s)
	if err == nil {
		*dst = append(*dst, e)
	}
	return err
}

// element decodes the foreign element just started, with its children.
func (d *decoder) element(s xml.StartElement) (Element, error) {
	e := Element{Name: s.Name, Attrs: foreignAttrs(s.Attr)}
	depth := d.t.depth()
	var text []byte
	for {
		tok, err := d.t.next()
		if err != nil {
			return e, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !isNCName(t.Name.Local) {
				if err := d.t.skip(); err != nil {
					return e, err
				}
				continue
			}
			child, err := d.element(t)
			if err != nil {
				return e, err
			}
			e.Children = append(e.Children, child)
		case xml.CharData:
			if d.t.depth() == depth {
				text = append(text, t...)
			}
		case xml.EndElement:
			if d.t.depth() < depth {
				e.Text = string(trimBytes(text))
				return e, nil
			}
		}
	}
}

// foreignAttrs returns the attributes of a foreign element worth keeping:
// all but namespace declarations and names that cannot be written again.
// It returns nil rather than an empty slice.
func foreignAttrs(attrs []xml.Attr) []xml.Attr {
	var out []xml.Attr
	for _, a := range attrs {
		if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" || !isNCName(a.Name.Local) {
			continue
		}
		out = append(out, a)
	}
	return out
}
