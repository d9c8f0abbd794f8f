package normalize

import "github.com/cbb-alliance/cbb/layers/model"

// ClassOpAmps is the class of operational amplifiers. model has no
// integrated-circuit classes; this path is the one the Horizon pool's
// "ic/opamp" tag maps to, so a text that names an op amp meets the parts
// imported with that class, and Digi-Key's "... OP Amps, Buffer Amps"
// class by its words.
const ClassOpAmps model.ClassPath = "Electronics/ICs/Op amps"

// functionClasses name integrated circuits by what they do, for texts
// that say so and give no other class ("dual op amp SOIC-8").
var functionClasses = []struct {
	words []string
	class model.ClassPath
}{
	{[]string{"op amp", "op amps", "opamp", "opamps", "op-amp", "op-amps", "operational amplifier", "operational amplifiers"}, ClassOpAmps},
}

// functionClass returns the class the description's function words give,
// or "".
func (d *description) functionClass() model.ClassPath {
	for _, f := range functionClasses {
		if d.has(f.words...) {
			return f.class
		}
	}
	return ""
}
