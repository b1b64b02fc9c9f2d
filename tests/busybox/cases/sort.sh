# sort and uniq options.
sort -n nums.txt | head -5
sort -n nums.txt | tail -5
sort -rn nums.txt | head -3
sort -t: -k2,2n -k1,1 table.txt | head -10
sort -t: -k3,3nr -k1,1r table.txt | tail -10
sort -u words.txt | wc -l
sort words.txt | uniq -d | head -5
sort words.txt | uniq -u | tail -5
sort -k2 words.txt | head -5
sort nums.txt | uniq -c | sort -k1,1nr -k2,2n | head -5
cut -d: -f1 table.txt | sort | uniq -c | sort -k1,1nr -k2 | awk '{ print $1, $2 }'
