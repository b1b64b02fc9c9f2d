# wc, head, tail, cut, tr, paste, tac, nl-free counting.
set -- $(wc <words.txt); echo "words.txt: $*"
set -- $(wc -l <table.txt); echo "table lines: $*"
set -- $(wc -c <bin.dat); echo "bin bytes: $*"
set -- $(head -c 1000 bin.dat | wc -c); echo "head -c: $*"
tail -n 3 words.txt
head -n 2 table.txt
cut -d: -f2,3 table.txt | tail -3
cut -c3-8 words.txt | head -4
tr -d 'aeiou' <words.txt | head -3
tr -cs 'a-z' '\n' <words.txt | sort -u | wc -l
tac table.txt | head -3
