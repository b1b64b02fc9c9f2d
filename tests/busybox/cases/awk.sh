# awk: fields, sums, printf, arrays, split/substr/gsub/length/toupper, -F.
# (busybox awk formats %d through a C int, so wide values go through %.0f)
awk -F: '{ s += $2; t += $3 * $2 } END { printf "%d %.0f %.4f\n", s, t, t / s }' table.txt
awk -F: '{ n[$1]++; sum[$1] += $3 } END { for (k in n) printf "%s %d %d\n", k, n[k], sum[k] }' table.txt | sort
awk '{ w += NF; c += length($0) } END { print NR, w, c }' words.txt
awk 'length($0) > 40 { print NR ": " toupper(substr($0, 1, 20)) }' words.txt | head -10
awk '{ n = split($0, a, " "); if (n > 3) print a[n] "-" a[1] }' words.txt | sort | uniq -c | sort -k1,1nr -k2 | head -10
awk '{ gsub(/[aeiou]/, "."); print }' words.txt | head -5
awk 'BEGIN { for (i = 1; i <= 20; i++) printf "%5.2f %e %x %o %c|\n", i / 7, i * 1234.5, i * 4099, i * 9, 64 + i }'
awk -F: 'NR % 50 == 1 { printf "%-10s|%8s|%-4d|\n", $1, $2, $3 }' table.txt
