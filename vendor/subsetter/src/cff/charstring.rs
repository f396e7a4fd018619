use crate::cff::argstack::ArgumentsStack;
use crate::cff::number::Number;
use crate::cff::operator::Operator;
use crate::cff::subroutines::SubroutineHandler;
use crate::read::Reader;
use crate::write::Writer;
use crate::Error::{CFFError, Unimplemented};
use crate::{Error, Result};
use operators::*;
use std::fmt::{Debug, Formatter};

pub type CharString<'a> = &'a [u8];

// Adapted from fonttools.
/// A charstring decompiler.
pub struct Decompiler<'a> {
    gsubr_handler: SubroutineHandler<'a>,
    lsubr_handler: SubroutineHandler<'a>,
    stack: ArgumentsStack,
    hint_count: u16,
    hint_mask_bytes: u16,
}

enum CharStringEnd {
    Return,
    EndChar,
}

impl<'a> Decompiler<'a> {
    /// Create a new charstring decompiler.
    pub fn new(
        gsubr_handler: SubroutineHandler<'a>,
        lsubr_handler: SubroutineHandler<'a>,
    ) -> Self {
        Self {
            gsubr_handler,
            lsubr_handler,
            stack: ArgumentsStack::new(),
            hint_count: 0,
            hint_mask_bytes: 0,
        }
    }

    /// Decompile a charstring with the given decompiler.
    pub fn decompile(mut self, charstring: CharString<'a>) -> Result<Program<'a>> {
        let mut program = Program::default();
        self.decompile_inner(charstring, &mut program, 1)?;
        Ok(program)
    }

    fn decompile_inner(
        &mut self,
        charstring: CharString<'a>,
        program: &mut Program<'a>,
        depth: u8,
    ) -> Result<CharStringEnd> {
        if depth > 64 {
            return Err(CFFError);
        }

        let mut r = Reader::new(charstring);

        while !r.at_end() {
            // We need to peak instead of read because parsing a number requires
            // access to the whole buffer.
            let op = r.peak::<u8>().ok_or(Error::CFFError)?;

            // Numbers
            if matches!(op, 28 | 32..=255) {
                let number = Number::parse_char_string_number(&mut r).ok_or(CFFError)?;
                self.stack.push(number)?;
                program.push(Instruction::Operand(number));
                continue;
            }

            // No numbers can appear now, so now we can actually read it.
            let op = r.read::<u8>().ok_or(CFFError)?;
            let operator = if op == 12 {
                Operator::from_two_byte(r.read::<u8>().ok_or(CFFError)?)
            } else {
                Operator::from_one_byte(op)
            };

            match operator {
                HFLEX | FLEX | HFLEX1 | FLEX1 => {
                    self.stack.pop_all();
                    program.push(Instruction::Operator(operator));
                }
                HORIZONTAL_STEM
                | VERTICAL_STEM
                | HORIZONTAL_STEM_HINT_MASK
                | VERTICAL_STEM_HINT_MASK => {
                    self.count_hints();
                    program.push(Instruction::Operator(operator));
                }
                VERTICAL_MOVE_TO | HORIZONTAL_MOVE_TO | LINE_TO | VERTICAL_LINE_TO
                | HORIZONTAL_LINE_TO | MOVE_TO | CURVE_LINE | LINE_CURVE
                | VV_CURVE_TO | VH_CURVE_TO | HH_CURVE_TO | HV_CURVE_TO | CURVE_TO => {
                    self.stack.pop_all();
                    program.push(Instruction::Operator(operator));
                }
                RETURN => return Ok(CharStringEnd::Return),
                CALL_GLOBAL_SUBROUTINE => {
                    // Pop the subroutine index from the program.
                    program.0.pop();

                    let biased_index =
                        self.stack.pop().and_then(|n| n.as_i32()).ok_or(CFFError)?;
                    let gsubr = self
                        .gsubr_handler
                        .get_with_biased(biased_index)
                        .ok_or(CFFError)?;
                    if matches!(
                        self.decompile_inner(gsubr, program, depth + 1)?,
                        CharStringEnd::EndChar
                    ) {
                        return Ok(CharStringEnd::EndChar);
                    }
                }
                CALL_LOCAL_SUBROUTINE => {
                    // Pop the subroutine index from the program.
                    program.0.pop();

                    let biased_index =
                        self.stack.pop().and_then(|n| n.as_i32()).ok_or(CFFError)?;
                    let lsubr = self
                        .lsubr_handler
                        .get_with_biased(biased_index)
                        .ok_or(CFFError)?;
                    if matches!(
                        self.decompile_inner(lsubr, program, depth + 1)?,
                        CharStringEnd::EndChar
                    ) {
                        return Ok(CharStringEnd::EndChar);
                    }
                }
                HINT_MASK | COUNTER_MASK => {
                    program.push(Instruction::Operator(operator));
                    if self.hint_mask_bytes == 0 {
                        // Hintmask can contain implicit stems.
                        self.count_hints();
                        self.hint_mask_bytes = self.hint_count.div_ceil(8);
                    }

                    let hint_bytes =
                        r.read_bytes(self.hint_mask_bytes as usize).ok_or(CFFError)?;
                    program.push(Instruction::HintMask(hint_bytes));
                }
                ENDCHAR => {
                    // We don't support seac for now. It's a deprecated feature and Typst for some
                    // reason does not support it anyway.
                    if self.stack.len() >= 4 {
                        return Err(Unimplemented);
                    }

                    program.push(Instruction::Operator(operator));

                    return Ok(CharStringEnd::EndChar);
                }
                _ => {
                    return Err(CFFError);
                }
            }
        }

        Ok(CharStringEnd::Return)
    }

    fn count_hints(&mut self) {
        let elements = self.stack.pop_all();
        self.hint_count += elements.len() as u16 / 2;
    }
}

/// gen-report patch (see vendor/README.md): how `Decompiler::decompile`
/// reads a charstring of a font without subroutines, without building the
/// program, for `subset_charstrings`' fast path. `Some(len)`: decompiling
/// succeeds and compiling gives back `charstring[..len]` (numbers apart,
/// which `compile` writes in their shortest form): everything up to and
/// with `endchar`, or up to a top-level `return`, or all of it. `None`
/// wherever `decompile` fails: a truncated number, operator or hint mask,
/// a 49th operand, an operator it does not know, a subroutine call (there
/// are none to call), `endchar` with four or more operands (`seac`).
pub fn plain_charstring_len(charstring: &[u8]) -> Option<usize> {
    // ArgumentsStack's limit.
    const MAX_OPERANDS: usize = 48;
    // vmoveto rlineto hlineto vlineto rrcurveto (4..=8), rmoveto hmoveto
    // (21, 22), rcurveline rlinecurve vvcurveto hhcurveto (24..=27),
    // vhcurveto hvcurveto (30, 31).
    const PATH_OPERATORS: u32 = 0b1100_1111_0110_0000_0000_0001_1111_0000;
    let end = charstring.len();
    // Operands on the stack, stems seen, and the hint mask's size, which
    // `Decompiler` fixes at the first hintmask/cntrmask with any hints.
    let mut operands = 0usize;
    let mut hint_count = 0u16;
    let mut hint_mask_bytes = 0usize;
    let mut i = 0;
    // Whatever runs past the end (a number, a hint mask) ends the loop
    // with `i > end`, checked once after it; the operand limit is checked
    // where operands are used, before an operator and at the end.
    while i < end {
        let b0 = charstring[i];
        // Numbers (Number::parse_char_string_number), most of a charstring's
        // bytes and most of them one byte long: a branch per byte, rather
        // than a length looked up from the byte, keeps `i` from waiting on
        // each load.
        if (32..=246).contains(&b0) {
            operands += 1;
            i += 1;
            continue;
        }
        if b0 >= 247 {
            operands += 1;
            i += if b0 == 255 { 5 } else { 2 }; // 16.16 fixed, or two-byte
            continue;
        }
        if b0 == 28 {
            operands += 1;
            i += 3; // short int
            continue;
        }
        if operands > MAX_OPERANDS {
            return None;
        }
        i += 1;
        // Most operators draw (they only clear the stack): one bit test
        // rather than a jump table.
        if b0 < 32 && PATH_OPERATORS >> b0 & 1 == 1 {
            operands = 0;
            continue;
        }
        match b0 {
            // hstem vstem hstemhm vstemhm: Decompiler::count_hints.
            1 | 3 | 18 | 23 => {
                hint_count = hint_count.checked_add(operands as u16 / 2)?;
                operands = 0;
            }
            // hintmask cntrmask.
            19 | 20 => {
                if hint_mask_bytes == 0 {
                    hint_count = hint_count.checked_add(operands as u16 / 2)?;
                    operands = 0;
                    hint_mask_bytes = usize::from(hint_count.div_ceil(8));
                }
                i += hint_mask_bytes;
            }
            // The flex family (escape 34..=37); every other escape fails.
            12 => {
                match charstring.get(i)? {
                    34..=37 => operands = 0,
                    _ => return None,
                }
                i += 1;
            }
            // return: the program ends before it.
            11 => return Some(i - 1),
            14 if operands >= 4 => return None,
            14 => return Some(i),
            // callsubr callgsubr with nothing to call, and unknown operators.
            _ => return None,
        }
    }
    (i == end && operands <= MAX_OPERANDS).then_some(end)
}

/// A type of instruction in a charstring program.
#[derive(Debug)]
pub enum Instruction<'a> {
    Operand(Number),
    Operator(Operator),
    HintMask(&'a [u8]),
}

/// A charstring program, decompiled into its constituent instructions.
#[derive(Default)]
pub struct Program<'a>(Vec<Instruction<'a>>);

impl Debug for Program<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> std::fmt::Result {
        let mut formatted_strings = vec![];
        let mut str_buffer = vec![];

        for instr in &self.0 {
            match instr {
                Instruction::Operand(op) => str_buffer.push(format!("{}", op.as_f64())),
                Instruction::Operator(op) => {
                    str_buffer.push(format!("op({})", op));

                    if *op != HINT_MASK && *op != COUNTER_MASK {
                        formatted_strings.push(str_buffer.join(" "));
                        str_buffer.clear();
                    }
                }
                Instruction::HintMask(bytes) => {
                    let mut byte_string = String::new();

                    for byte in *bytes {
                        byte_string.push_str(&format!("{:08b}", *byte));
                    }

                    str_buffer.push(byte_string);
                    formatted_strings.push(str_buffer.join(" "));
                    str_buffer.clear();
                }
            }
        }

        write!(f, "{}", formatted_strings.join("\n"))
    }
}

impl<'a> Program<'a> {
    /// Push a new instruction to the program.
    pub fn push(&mut self, instruction: Instruction<'a>) {
        self.0.push(instruction);
    }

    /// Compile the program.
    pub fn compile(&self) -> Vec<u8> {
        let mut w = Writer::new();

        for instr in &self.0 {
            match instr {
                Instruction::Operand(num) => {
                    w.write(num);
                }
                Instruction::Operator(op) => {
                    w.write(op);
                }
                Instruction::HintMask(hm) => {
                    w.write(hm);
                }
            }
        }

        w.finish()
    }
}

#[allow(dead_code)]
pub mod operators {
    use crate::cff::operator::Operator;

    pub const HORIZONTAL_STEM: Operator = Operator::from_one_byte(1);
    pub const VERTICAL_STEM: Operator = Operator::from_one_byte(3);
    pub const VERTICAL_MOVE_TO: Operator = Operator::from_one_byte(4);
    pub const LINE_TO: Operator = Operator::from_one_byte(5);
    pub const HORIZONTAL_LINE_TO: Operator = Operator::from_one_byte(6);
    pub const VERTICAL_LINE_TO: Operator = Operator::from_one_byte(7);
    pub const CURVE_TO: Operator = Operator::from_one_byte(8);
    pub const CALL_LOCAL_SUBROUTINE: Operator = Operator::from_one_byte(10);
    pub const RETURN: Operator = Operator::from_one_byte(11);
    pub const ENDCHAR: Operator = Operator::from_one_byte(14);
    pub const HORIZONTAL_STEM_HINT_MASK: Operator = Operator::from_one_byte(18);
    pub const HINT_MASK: Operator = Operator::from_one_byte(19);
    pub const COUNTER_MASK: Operator = Operator::from_one_byte(20);
    pub const MOVE_TO: Operator = Operator::from_one_byte(21);
    pub const HORIZONTAL_MOVE_TO: Operator = Operator::from_one_byte(22);
    pub const VERTICAL_STEM_HINT_MASK: Operator = Operator::from_one_byte(23);
    pub const CURVE_LINE: Operator = Operator::from_one_byte(24);
    pub const LINE_CURVE: Operator = Operator::from_one_byte(25);
    pub const VV_CURVE_TO: Operator = Operator::from_one_byte(26);
    pub const HH_CURVE_TO: Operator = Operator::from_one_byte(27);
    pub const SHORT_INT: Operator = Operator::from_one_byte(28);
    pub const CALL_GLOBAL_SUBROUTINE: Operator = Operator::from_one_byte(29);
    pub const VH_CURVE_TO: Operator = Operator::from_one_byte(30);
    pub const HV_CURVE_TO: Operator = Operator::from_one_byte(31);
    pub const HFLEX: Operator = Operator::from_two_byte(34);
    pub const FLEX: Operator = Operator::from_two_byte(35);
    pub const HFLEX1: Operator = Operator::from_two_byte(36);
    pub const FLEX1: Operator = Operator::from_two_byte(37);
    pub const FIXED_16_16: Operator = Operator::from_one_byte(255);
}

/// gen-report patch: `plain_charstring_len` against `Decompiler`.
#[cfg(test)]
mod plain_charstring_tests {
    use super::*;
    use crate::cff::subroutines::SubroutineHandler;

    /// Upstream's path for a font without subroutines: decompile, compile.
    fn upstream(charstring: &[u8]) -> Result<Vec<u8>> {
        let none = SubroutineHandler::new(&[]);
        Decompiler::new(none.clone(), none)
            .decompile(charstring)
            .map(|p| p.compile())
    }

    /// Upstream takes the charstring, and the fast path's copy compiles to
    /// what upstream makes.
    fn assert_copy_is_upstream(charstring: &[u8], len: usize) {
        let made = upstream(charstring);
        assert!(made.is_ok(), "accepted but upstream refuses {charstring:?}");
        assert_eq!(upstream(&charstring[..len]), made, "{charstring:?}");
    }

    #[test]
    fn a_good_charstring_is_copied_whole() {
        let good = [
            &[189, 149, 159, 1][..],        // width 50, hstem 10 20: one hint
            &[144, 169, 3],                 // vstem 5 30: two hints
            &[19, 0b1100_0000],             // hintmask, one byte
            &[149, 159, 21],                // rmoveto 10 20
            &[248, 136, 28, 0xFE, 0xD4, 5], // rlineto 500 -300 (a short int)
            &[255, 0, 1, 0x80, 0, 139, 6],  // hlineto 1.5 0 (16.16 fixed)
            &[139; 13],                     // flex's operands…
            &[12, 35],                      // …and flex
            &[14],                          // endchar
        ]
        .concat();
        assert_eq!(plain_charstring_len(&good), Some(good.len()));
        assert_copy_is_upstream(&good, good.len());
        // Upstream rewrites -300 in two bytes; otherwise the same program.
        let mut expected = good.to_vec();
        expected.splice(14..17, [251, 192]);
        assert_eq!(upstream(&good).unwrap(), expected);
        assert_eq!(plain_charstring_len(&[]), Some(0));
    }

    #[test]
    fn the_copy_ends_where_the_decompiler_stops() {
        // After endchar nothing is read; a top-level return is dropped.
        assert_eq!(plain_charstring_len(&[149, 159, 21, 14, 0, 2, 12]), Some(4));
        assert_copy_is_upstream(&[149, 159, 21, 14, 0, 2, 12], 4);
        assert_eq!(plain_charstring_len(&[149, 159, 21, 11, 5]), Some(3));
        assert_copy_is_upstream(&[149, 159, 21, 11, 5], 3);
    }

    #[test]
    fn seac_is_refused() {
        // [width] adx ady bchar achar endchar: an accented character.
        for seac in [&[139, 139, 204, 204, 14][..], &[189, 139, 139, 204, 204, 14]] {
            assert_eq!(plain_charstring_len(seac), None, "{seac:?}");
            assert_eq!(upstream(seac), Err(Error::Unimplemented));
        }
        // Three operands (width and a stray pair) is a plain endchar to upstream.
        assert_eq!(plain_charstring_len(&[189, 139, 139, 14]), Some(4));
        assert!(upstream(&[189, 139, 139, 14]).is_ok());
    }

    #[test]
    fn truncated_charstrings_are_refused() {
        for cut in [
            &[28, 0][..],       // short int missing a byte
            &[248],             // two-byte number missing a byte
            &[255, 0, 1, 0],    // 16.16 fixed missing a byte
            &[139, 139, 12],    // escape without its second byte
            &[149, 159, 1, 19], // hintmask without its mask byte
            // nine hints (18 operands) need a two-byte mask
            &[&[149; 18][..], &[1, 20, 0]].concat(),
        ] {
            assert_eq!(plain_charstring_len(cut), None, "{cut:?}");
            assert_eq!(upstream(cut), Err(Error::CFFError), "{cut:?}");
        }
    }

    #[test]
    fn unknown_operators_calls_and_too_many_operands_are_refused() {
        let mut forty_nine = vec![139; 49];
        forty_nine.push(5);
        for bad in [
            &[0][..],
            &[2],
            &[139, 139, 9],
            &[139, 10],     // callsubr
            &[139, 29],     // callgsubr
            &[139, 12, 3],  // the Type 2 arithmetic operators (escape 3..=30)
            &[139, 12, 38], // an escape past flex1
            &forty_nine,
            &forty_nine[..49], // at the end, with no operator after them
        ] {
            assert_eq!(plain_charstring_len(bad), None, "{bad:?}");
            assert!(upstream(bad).is_err(), "{bad:?}");
        }
        let forty_eight = [&[139; 48][..], &[5]].concat();
        assert_eq!(plain_charstring_len(&forty_eight), Some(49));
        assert_eq!(plain_charstring_len(&forty_eight[..48]), Some(48));
    }

    #[test]
    fn agrees_with_the_decompiler_on_random_charstrings() {
        // Token soup biased towards what decompiling cares about; any
        // disagreement names the charstring.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n) as u8
        };
        let (mut accepted, mut refused) = (0, 0);
        for _ in 0..100_000 {
            let mut cs = Vec::new();
            for _ in 0..next(24) {
                match next(12) {
                    0..=3 => cs.push(32 + next(215)),
                    4 => cs.extend([247 + next(8), next(256)]),
                    5 => cs.extend([28, next(256), next(256)]),
                    6 => cs.extend([255, next(256), next(256), next(256), next(256)]),
                    7 => cs
                        .extend([12, if next(4) > 0 { 34 + next(4) } else { next(256) }]),
                    8 => cs.extend([19 + next(2), next(256)]),
                    9 => cs.push([1, 3, 18, 23][next(4) as usize]),
                    10 => cs.push(next(32)),
                    _ => cs.push(if next(4) == 0 { 14 } else { next(256) }),
                }
            }
            if next(4) == 0 && !cs.is_empty() {
                cs.truncate(next(cs.len() as u64) as usize);
            }
            match plain_charstring_len(&cs) {
                Some(len) => {
                    accepted += 1;
                    assert_copy_is_upstream(&cs, len);
                }
                None => {
                    refused += 1;
                    assert!(upstream(&cs).is_err(), "refused but upstream takes {cs:?}");
                }
            }
        }
        // Both outcomes are exercised, not just one.
        assert!(accepted > 10_000 && refused > 10_000, "{accepted} {refused}");
    }
}
