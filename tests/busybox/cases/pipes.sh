# Pipelines: word frequencies through tr | grep | sort | uniq -c | sort | head, and long pipes.
tr -s ' ,' '\n\n' <words.txt | grep -v '^$' | sort | uniq -c | sort -k1,1nr -k2,2 | head -25 |
	awk '{ print $1, $2 }'
cat bin.dat | cat | cat | cat | cksum
grep -c '[0-9]' words.txt
tr 'a-z' 'A-Z' <words.txt | grep -E '^(KA|TO)' | head -5
yes sure | head -3
printf 'status %s\n' "$?"
seq 1 2000 | paste -d+ - - - - | tail -2
