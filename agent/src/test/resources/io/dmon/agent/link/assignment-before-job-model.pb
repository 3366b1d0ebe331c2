
z
web@testwebtest"!
sleep
60cat0R
A1R
Bx*front*eu08@€äÊ‘¯3J
p-1ôçÊ‘¯3ÀÏ$"
alice@ops1RnightRquiet
2
nightly@testnightlytest"
truep08@èëÊ‘¯3

bad@testbadtest"0
p08
#

plain@testplaintest"
true8	