# Shell arithmetic (POSIX $(( )), 64-bit): loops, bit operations, division, bases.
a=0 b=1 i=0
while [ $i -lt 90 ]; do t=$((a + b)); a=$b; b=$t; i=$((i + 1)); done
echo "fib(90) = $a"
f=1 i=1
while [ $i -le 20 ]; do f=$((f * i)); i=$((i + 1)); done
echo "20! = $f"
echo "$((7 / 2)) $((-7 / 2)) $((7 % 3)) $((-7 % 3)) $((7 % -3))"
echo "$((0x7fffffffffffffff)) $((-0x7fffffffffffffff - 1)) $((0x7fffffffffffffff + 1))"
echo "$((1 << 62)) $((1 << 63)) $((-1 >> 3)) $((0xff ^ 0x0f)) $((0xf0 | 0x0f)) $((~0))"
echo "$((010 + 0x10 + 10)) $((3 > 2)) $((3 < 2)) $((!0)) $((2 && 0)) $((2 || 0))"
echo "$(( (5 + 3) * 2 - 4 / 2 ))" "$((5 > 3 ? 10 : 20))"
x=5; x=$((x += 3)); y=$((x *= 2)); echo "$x $y $((x -= 1)) $((x /= 3)) $((x %= 4))"
n=1000003 p=2 c=0
while [ $((p * p)) -le $n ]; do
	if [ $((n % p)) -eq 0 ]; then c=$((c + 1)); fi
	p=$((p + 1))
done
echo "divisors of $n below sqrt: $c"
h=5381 s="the quick brown fox"
for w in $s; do h=$(( (h * 33 + ${#w}) & 0xffffffff )); done
echo "hash $h"
printf '%d %x %o %5d|%-5d|\n' 255 255 255 42 42
expr 6 \* 7
expr 100 / 7 + 100 % 7
